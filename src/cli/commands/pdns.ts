import { normaliseName } from "../../store/observation.js";
import { openStore } from "../../store/open.js";
import { toQueryName } from "../../dns/input-name.js";
import { relative } from "../../dns/wire/name.js";
import type { CommandDef } from "../command.js";
import { intOption, parseTypes } from "../options.js";
import type { Observation } from "../../store/types.js";
import { storeOption } from "../store-io.js";

export const pdnsCommand: CommandDef = {
  name: "dnsight pdns",
  description:
    "List what is stored for a name: every record seen, with first and last seen and a count.",
  positionals: [
    { name: "NAME", description: "domain name (IDNs are converted to A-labels)", required: true },
  ],
  options: {
    rrtype: { type: "string", value: "TYPE", description: "only this record type" },
    limit: { type: "string", value: "N", description: "at most N rows" },
    json: { type: "boolean", description: "one observation per line as JSON" },
  },
  examples: ["dnsight pdns example.com", "dnsight pdns example.com --rrtype MX --json"],
  async run({ values, positionals, io }) {
    const rrname = normaliseName(relative(toQueryName(positionals[0]!).qname), "NAME");
    const store = await openStore(storeOption(values, io.env));
    try {
      const rows = await store.queryObservations({
        rrname,
        ...(values.rrtype !== undefined ? { rrtype: parseTypes(values.rrtype, [])[0]! } : {}),
        ...(values.limit !== undefined ? { limit: intOption(values.limit, "limit", 1, 1e9)! } : {}),
      });
      for (const o of rows) {
        if (values.json) {
          io.stdout.write(JSON.stringify(toJson(o)) + "\n");
        } else {
          const first = new Date(o.timeFirst * 1000).toISOString().replace(".000Z", "Z");
          const last = new Date(o.timeLast * 1000).toISOString().replace(".000Z", "Z");
          io.stdout.write(
            `${o.rrname}.\t${o.rrtype}\t${o.rdata}\t; ${first} .. ${last} count ${o.count} (${o.source})\n`,
          );
        }
      }
      if (rows.length === 0 && !values.json) io.stderr.write(`no records stored for ${rrname}\n`);
    } finally {
      await store.close();
    }
  },
};

/** The DESIGN.md observation shape: COF field names, ISO times in JSON. */
function toJson(o: Observation): Record<string, unknown> {
  return {
    rrname: o.rrname,
    rrtype: o.rrtype,
    rdata: o.rdata,
    ...(o.bailiwick !== undefined ? { bailiwick: o.bailiwick } : {}),
    ...(o.sensorId !== undefined ? { sensor_id: o.sensorId } : {}),
    time_first: new Date(o.timeFirst * 1000).toISOString(),
    time_last: new Date(o.timeLast * 1000).toISOString(),
    count: o.count,
    source: o.source,
  };
}
