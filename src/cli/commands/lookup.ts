import { resolveServers } from "../../dns/client/servers.js";
import { StubClient } from "../../dns/client/stub.js";
import { toQueryName } from "../../dns/input-name.js";
import { toDnsResult, type DnsResult } from "../../dns/result.js";
import { askAuthoritative, zoneServers } from "../../dns/authoritative.js";
import type { Endpoint } from "../../dns/client/endpoint.js";
import type { CommandDef } from "../command.js";
import { formatAuthoritative } from "../format/authoritative.js";
import { formatDigLike } from "../format/dig.js";
import {
  intOption,
  NS_PORT_OPTION,
  nsPortOption,
  parseTypes,
  SERVER_OPTION,
  strings,
} from "../options.js";
import { recordResults, storeOption } from "../store-io.js";
import { readDigArgs } from "../dig-args.js";
import { lookupTransfer } from "../lookup-transfer.js";
import { DnsightError } from "../../errors.js";

export const lookupCommand: CommandDef = {
  name: "dnsight lookup",
  description: "Ask DNS about one name (or an IP, as a PTR lookup) and show the answer like dig.",
  positionals: [
    {
      name: "NAME|IP",
      description:
        "domain name, IDN, or IPv4/IPv6 address; dig's forms work too: @SERVER, a TYPE after the name, IXFR=SERIAL, +short, +tcp, +dnssec, +json",
      variadic: true,
    },
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
    port: {
      type: "string",
      short: "p",
      value: "PORT",
      description: "port of the servers that do not name their own (default 53)",
    },
    reverse: {
      type: "string",
      short: "x",
      value: "IP",
      description: "reverse lookup: the PTR of IP (an IP as NAME does the same)",
    },
    short: { type: "boolean", description: "only the answers' data, one per line (dig +short)" },
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
    "ns-port": NS_PORT_OPTION,
    "no-store": { type: "boolean", description: "do not record the answers in the database" },
  },
  examples: [
    "dnsight lookup example.com -t A -t AAAA",
    "dnsight lookup 192.0.2.1",
    "dnsight lookup example.com -t MX --server 9.9.9.9 --json",
    "dnsight lookup @127.0.0.1 example.com MX +short",
    "dnsight lookup -t AXFR example.com --server ns1.example.com",
  ],
  async run({ values, positionals, io }) {
    const dig = readDigArgs(positionals);
    const reverse = values.reverse as string | undefined;
    if (reverse !== undefined && dig.name !== undefined)
      throw new DnsightError("USAGE", `lookup: give a NAME or -x IP, not both`);
    const input = reverse ?? dig.name;
    if (input === undefined)
      throw new DnsightError("USAGE", "lookup: missing NAME|IP (see --help)");
    const { qname, reverseOf } = toQueryName(input);
    if (reverse !== undefined && reverseOf === undefined)
      throw new DnsightError("USAGE", `lookup: -x wants an IP address, got "${reverse}"`);
    const types = parseTypes(
      [...strings(values.type), ...dig.types],
      [reverseOf !== undefined ? "PTR" : "A"],
    );
    const port = intOption(values.port, "port", 1, 65535);
    const servers = await resolveServers([...strings(values.server), ...dig.servers], io.env, port);
    const tcp = values.tcp === true || dig.tcp;
    const dnssec = values.dnssec === true || dig.dnssec;
    const json = values.json === true || dig.json;
    const short = values.short === true || dig.short;
    const store = values["no-store"] === true ? undefined : storeOption(values, io.env);
    const transfer = types.find((t) => t === "AXFR" || t === "IXFR");
    if (transfer !== undefined) {
      if (types.length > 1)
        throw new DnsightError("USAGE", `lookup: ${transfer} is asked alone, not with other types`);
      return lookupTransfer(
        {
          server: servers[0]!,
          zone: qname,
          type: transfer as "AXFR" | "IXFR",
          ...(dig.ixfrSerial !== undefined ? { serial: dig.ixfrSerial } : {}),
          json,
          short,
          ...(values.timeout !== undefined
            ? { idleTimeoutMs: intOption(values.timeout, "timeout", 1, 60000)! }
            : {}),
          ...(store !== undefined ? { store } : {}),
        },
        io,
      );
    }
    const client = new StubClient({
      servers,
      tcp,
      dnssec,
      timeoutMs: intOption(values.timeout, "timeout", 1, 60000),
      retries: intOption(values.retries, "retries", 0, 20),
    });
    const results: DnsResult[] = [];
    if (values.authoritative === true) {
      const direct = (server: Endpoint): StubClient =>
        new StubClient({
          servers: [server],
          recurse: false,
          tcp,
          dnssec,
          timeoutMs: intOption(values.timeout, "timeout", 1, 60000),
          retries: intOption(values.retries, "retries", 0, 20),
        });
      const known = await zoneServers(client, qname);
      let consistent = true;
      for (const type of types) {
        const report = await askAuthoritative(
          client,
          qname,
          type,
          { direct, port: nsPortOption(values["ns-port"]) },
          known,
        );
        consistent &&= report.consistent;
        // Only authoritative answers go to the store, with the zone as bailiwick.
        for (const a of report.answers) if (a.flags.aa) results.push(a);
        io.stdout.write(
          json
            ? report.answers.map((a) => JSON.stringify({ ...a, zone: report.zone })).join("\n") +
                "\n"
            : formatAuthoritative(report),
        );
      }
      if (store !== undefined) await recordResults(store, results, known.zone);
      return consistent ? 0 : 1;
    }
    for (const type of types) {
      const x = await client.query(qname, type);
      const r = toDnsResult(qname, type, x);
      results.push(r);
      io.stdout.write(
        json
          ? JSON.stringify(r) + "\n"
          : short
            ? r.answers.map((a) => `${a.data}\n`).join("")
            : formatDigLike(r) + (types.length > 1 ? "\n" : ""),
      );
    }
    if (store !== undefined) await recordResults(store, results);
    return results.some((r) => r.status === "TIMEOUT" || r.status === "ERROR") ? 1 : 0;
  },
};
