import { DnsightError } from "../../errors.js";
import { cofLine } from "../../export/cof.js";
import type { Observation } from "../../model/observation.js";
import { pdnsSearch, pdnsSummary, type PdnsRequest } from "../../passive/search.js";
import { parseTimePoint } from "../../passive/time-fence.js";
import { openStore } from "../../store/open.js";
import type { SearchSummary } from "../../store/types.js";
import { renderTable, type Column } from "../format/table.js";
import { defineCommand } from "../command.js";
import { intOption } from "../options.js";
import { storeOption } from "../store-io.js";
import { isoFromSeconds } from "../../util/time.js";

// `dnsight pdns QUERY`: what the store knows, asked the way DNSDB is asked.

const FORMATS = ["table", "json", "cof"] as const;

const iso = isoFromSeconds;

export const pdnsCommand = defineCommand({
  name: "dnsight pdns",
  description:
    "Search passive DNS: a name, *.name (everything below it), name.* (every name starting with it), an IP address, a prefix (192.0.2.0/24) or a range (a-b). Times overlap the --after/--before window unless --strict.",
  positionals: [
    {
      name: "QUERY",
      description: "name, *.name, name.*, IP, CIDR or range (IDNs are converted to A-labels)",
      required: true,
    },
  ],
  options: {
    rdata: {
      type: "boolean",
      description: "search names inside record data (CNAME, NS, MX... targets)",
    },
    rrtype: { type: "string", value: "TYPE", description: "only this record type (ANY for all)" },
    bailiwick: { type: "string", value: "ZONE", description: "only records served from this zone" },
    sensor: { type: "string", value: "ID", description: "only records from this sensor" },
    after: {
      type: "string",
      value: "TIME",
      description:
        "seen at or after TIME (2026-03-01, an ISO time, epoch seconds, or an age: 7d, 12h)",
    },
    before: { type: "string", value: "TIME", description: "seen at or before TIME" },
    strict: { type: "boolean", description: "only records seen completely inside the window" },
    limit: {
      type: "string",
      value: "N",
      description: "at most N rows; the next page's cursor goes to stderr",
    },
    cursor: {
      type: "string",
      value: "C",
      description: "continue after the page that printed this cursor",
    },
    summarize: { type: "boolean", description: "totals only: count, results, first and last seen" },
    format: { type: "string", value: "table|json|cof", description: "output (default table)" },
    json: { type: "boolean", description: "the same as --format json", hidden: true },
  },
  examples: [
    "dnsight pdns www.example.com",
    "dnsight pdns '*.example.com' --rrtype A --after 30d",
    "dnsight pdns 192.0.2.0/24 --format cof",
    "dnsight pdns mail.example.net --rdata --limit 100",
    "dnsight pdns example.com --summarize",
  ],
  async run({ values, positionals, io }) {
    const format =
      values.json === true ? "json" : ((values.format as string | undefined) ?? "table");
    if (!(FORMATS as readonly string[]).includes(format))
      throw new DnsightError("USAGE", `--format must be table, json or cof, got "${format}"`);
    const now = Date.now() / 1000;
    const request: PdnsRequest = { query: positionals[0]! };
    if (values.rdata === true) request.rdata = true;
    for (const k of ["rrtype", "bailiwick", "cursor"] as const) {
      const v = values[k];
      if (typeof v === "string") request[k] = v;
    }
    if (typeof values.sensor === "string") request.sensorId = values.sensor;
    const fence = {
      ...(typeof values.after === "string"
        ? { after: parseTimePoint(values.after, now, "--after") }
        : {}),
      ...(typeof values.before === "string"
        ? { before: parseTimePoint(values.before, now, "--before") }
        : {}),
      ...(values.strict === true ? { strict: true } : {}),
    };
    request.fence = fence;
    const limit = intOption(values.limit, "limit", 1, 1_000_000_000);
    if (limit !== undefined) request.limit = limit;

    const store = await openStore(storeOption(values, io.env), { mustExist: true });
    try {
      // A cluster store asked for partial answers (partial=1) says which shards were missing.
      const warnPartial = (p: { partial?: { missing: string[] } }): void => {
        if (p.partial)
          io.stderr.write(`partial answer: ${p.partial.missing.join(", ")} did not answer\n`);
      };
      if (values.summarize === true) {
        const summary = await pdnsSummary(store, request);
        io.stdout.write(formatSummary(summary, format));
        warnPartial(summary);
        return 0;
      }
      const page = await pdnsSearch(store, request);
      warnPartial(page);
      let out = "";
      if (format === "table" && io.stdout.isTTY === true)
        out = renderTable(page.rows, PDNS_COLUMNS, io);
      else for (const o of page.rows) out += formatRow(o, format);
      io.stdout.write(out);
      if (page.next !== undefined) io.stderr.write(`more: --cursor ${page.next}\n`);
      if (page.rows.length === 0 && format === "table")
        io.stderr.write(`nothing stored for ${request.query}\n`);
      return 0;
    } finally {
      await store.close();
    }
  },
});

/** On a terminal: one aligned column per field, a header above. */
const PDNS_COLUMNS: Column<Observation>[] = [
  { header: "NAME", value: (o) => (o.rrname === "." ? "." : `${o.rrname}.`) },
  { header: "TYPE", value: (o) => o.rrtype },
  { header: "DATA", value: (o) => o.rdata },
  { header: "FIRST SEEN", value: (o) => iso(o.timeFirst) },
  { header: "LAST SEEN", value: (o) => iso(o.timeLast) },
  { header: "COUNT", value: (o) => String(o.count) },
  { header: "SOURCE", value: (o) => o.source, colour: () => "dim" },
  { header: "BAILIWICK", value: (o) => o.bailiwick ?? "" },
  { header: "SENSOR", value: (o) => o.sensorId ?? "" },
];

function formatRow(o: Observation, format: string): string {
  if (format === "cof") return cofLine(o);
  if (format === "json") return JSON.stringify(toJson(o)) + "\n";
  const where = [
    o.bailiwick ? `bailiwick ${o.bailiwick}` : "",
    o.sensorId ? `sensor ${o.sensorId}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  return `${o.rrname === "." ? "." : `${o.rrname}.`}\t${o.rrtype}\t${o.rdata}\t; ${iso(o.timeFirst)} .. ${iso(o.timeLast)} count ${o.count} (${o.source}${where ? `, ${where}` : ""})\n`;
}

function formatSummary(s: SearchSummary, format: string): string {
  if (format !== "table") {
    return (
      JSON.stringify({
        count: s.count,
        num_results: s.numResults,
        ...(s.timeFirst !== undefined
          ? { time_first: format === "cof" ? s.timeFirst : iso(s.timeFirst) }
          : {}),
        ...(s.timeLast !== undefined
          ? { time_last: format === "cof" ? s.timeLast : iso(s.timeLast) }
          : {}),
      }) + "\n"
    );
  }
  const span =
    s.timeFirst !== undefined && s.timeLast !== undefined
      ? `, ${iso(s.timeFirst)} .. ${iso(s.timeLast)}`
      : "";
  return `${s.numResults} records, count ${s.count}${span}\n`;
}

/** The DESIGN.md observation shape: COF field names, ISO times in JSON. */
function toJson(o: Observation): Record<string, unknown> {
  return {
    rrname: o.rrname,
    rrtype: o.rrtype,
    rdata: o.rdata,
    ...(o.bailiwick !== undefined ? { bailiwick: o.bailiwick } : {}),
    ...(o.sensorId !== undefined ? { sensor_id: o.sensorId } : {}),
    time_first: iso(o.timeFirst),
    time_last: iso(o.timeLast),
    count: o.count,
    source: o.source,
  };
}
