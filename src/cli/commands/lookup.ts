import { resolveServers } from "../../dns/client/servers.js";
import { StubClient } from "../../dns/client/stub.js";
import { toQueryName } from "../../dns/input-name.js";
import { toDnsResult, type DnsResult } from "../../dns/result.js";
import { askAuthoritative, zoneServers } from "../../dns/authoritative.js";
import type { Endpoint } from "../../dns/client/endpoint.js";
import type { CommandDef } from "../command.js";
import { formatAuthoritative } from "../format/authoritative.js";
import { formatDigLike } from "../format/dig.js";
import { intOption, parseTypes, SERVER_OPTION, strings } from "../options.js";
import { recordResults, storeOption } from "../store-io.js";

export const lookupCommand: CommandDef = {
  name: "dnsight lookup",
  description: "Ask DNS about one name (or an IP, as a PTR lookup) and show the answer like dig.",
  positionals: [
    { name: "NAME|IP", description: "domain name, IDN, or IPv4/IPv6 address", required: true },
  ],
  options: {
    type: {
      type: "string",
      short: "t",
      multiple: true,
      value: "TYPE",
      description: "record type, e.g. A, MX, HTTPS, TYPE65534 (default A; PTR for an IP)",
    },
    server: SERVER_OPTION,
    tcp: { type: "boolean", description: "use TCP only" },
    dnssec: { type: "boolean", description: "set the DO bit to get DNSSEC records" },
    json: { type: "boolean", description: "print one DNS-result JSON object per type" },
    timeout: {
      type: "string",
      value: "MS",
      description: "first attempt timeout in milliseconds (default 2000, doubled on each retry)",
    },
    retries: {
      type: "string",
      value: "N",
      description: "retries after the first attempt (default 2)",
    },
    authoritative: {
      type: "boolean",
      description:
        "ask each of the zone's authoritative servers directly; flag lame, silent and disagreeing ones",
    },
    "no-store": { type: "boolean", description: "do not record the answers in the database" },
  },
  examples: [
    "dnsight lookup example.com -t A -t AAAA",
    "dnsight lookup 192.0.2.1",
    "dnsight lookup example.com -t MX --server 9.9.9.9 --json",
  ],
  async run({ values, positionals, io }) {
    const { qname, reverseOf } = toQueryName(positionals[0]!);
    const types = parseTypes(values.type, [reverseOf !== undefined ? "PTR" : "A"]);
    const servers = await resolveServers(strings(values.server), io.env);
    const client = new StubClient({
      servers,
      tcp: values.tcp === true,
      dnssec: values.dnssec === true,
      timeoutMs: intOption(values.timeout, "timeout", 1, 60000),
      retries: intOption(values.retries, "retries", 0, 20),
    });
    const results: DnsResult[] = [];
    if (values.authoritative === true) {
      const direct = (server: Endpoint): StubClient =>
        new StubClient({
          servers: [server],
          recurse: false,
          tcp: values.tcp === true,
          dnssec: values.dnssec === true,
          timeoutMs: intOption(values.timeout, "timeout", 1, 60000),
          retries: intOption(values.retries, "retries", 0, 20),
        });
      const known = await zoneServers(client, qname);
      let consistent = true;
      for (const type of types) {
        const report = await askAuthoritative(client, qname, type, { direct }, known);
        consistent &&= report.consistent;
        // Only authoritative answers go to the store, with the zone as bailiwick.
        for (const a of report.answers) if (a.flags.aa) results.push(a);
        io.stdout.write(
          values.json
            ? report.answers.map((a) => JSON.stringify({ ...a, zone: report.zone })).join("\n") +
                "\n"
            : formatAuthoritative(report),
        );
      }
      if (values["no-store"] !== true)
        await recordResults(storeOption(values, io.env), results, known.zone);
      return consistent ? 0 : 1;
    }
    for (const type of types) {
      const x = await client.query(qname, type);
      const r = toDnsResult(qname, type, x);
      results.push(r);
      io.stdout.write(
        values.json ? JSON.stringify(r) + "\n" : formatDigLike(r) + (types.length > 1 ? "\n" : ""),
      );
    }
    if (values["no-store"] !== true) await recordResults(storeOption(values, io.env), results);
    return results.some((r) => r.status === "TIMEOUT" || r.status === "ERROR") ? 1 : 0;
  },
};
