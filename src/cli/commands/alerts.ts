import { requirePart } from "../../store/require-part.js";
import { DnsightError } from "../../errors.js";
import { alertCsvRow, alertsCsvHeader } from "../../export/alerts-csv.js";
import { stixBundle } from "../../export/stix.js";
import { ALERT_STATUSES, type Alert, type AlertStatus } from "../../model/alert.js";
import { parseTimePoint } from "../../passive/time-fence.js";
import { openStore } from "../../store/open.js";
import {
  ALERT_COMMENT_MAX,
  refusedMove,
  type AlertAction,
  type AlertFilter,
  type AlertStore,
  type Store,
} from "../../store/types.js";
import { cliActor } from "../audit-cli.js";
import { alertLine, alertSummary } from "../format/alert-line.js";
import { renderTable, SEVERITY_COLOUR, STATUS_COLOUR, type Column } from "../format/table.js";
import {
  defineCommand,
  type GLOBAL_OPTIONS,
  type CommandIO,
  type OptionValues,
} from "../command.js";
import { intOption, strings } from "../options.js";
import { storeOption } from "../store-io.js";

// `dnsight alerts`: what the analytics found, newest first.

const FORMATS = ["text", "json", "csv", "stix"] as const;

async function withAlerts<T>(
  values: OptionValues<typeof GLOBAL_OPTIONS>,
  io: CommandIO,
  fn: (a: AlertStore) => Promise<T>,
  o: { mustExist?: boolean } = {},
): Promise<T> {
  const store: Store = await openStore(storeOption(values, io.env), o);
  try {
    return await fn(requirePart(store, "alerts"));
  } finally {
    await store.close();
  }
}

function statuses(v: unknown): AlertStatus[] | undefined {
  const list = strings(v).flatMap((s) => s.split(","));
  for (const s of list)
    if (!(ALERT_STATUSES as readonly string[]).includes(s))
      throw new DnsightError("USAGE", `--status must be open, acknowledged or closed, got "${s}"`);
  return list.length ? (list as AlertStatus[]) : undefined;
}

function techniques(v: unknown): string[] | undefined {
  const list = strings(v)
    .flatMap((s) => s.split(","))
    .map((s) => s.trim().toUpperCase());
  for (const t of list)
    if (!/^T\d{4}(\.\d{3})?$/.test(t))
      throw new DnsightError(
        "USAGE",
        `--technique wants an ATT&CK id like T1584 or T1583.001, got "${t}"`,
      );
  return list.length ? list : undefined;
}

const ALERT_COLUMNS: Column<Alert>[] = [
  { header: "LAST SEEN", value: (a) => a.lastSeen.replace(/\.\d{3}Z$/, "Z") },
  { header: "SEVERITY", value: (a) => a.severity, colour: (v) => SEVERITY_COLOUR[v] },
  { header: "TECHNIQUE", value: (a) => a.techniques.join(",") },
  { header: "STATUS", value: (a) => a.status, colour: (v) => STATUS_COLOUR[v] },
  { header: "ENTITY", value: (a) => a.entity },
  { header: "ID", value: (a) => a.id, colour: () => "dim" },
  { header: "SUMMARY", value: alertSummary },
];

const listAlerts = defineCommand({
  name: "dnsight alerts",
  description:
    "List alerts, newest first. Each carries its ATT&CK technique, data components and analytic, its evidence, and when it was first and last seen.",
  options: {
    format: {
      type: "string",
      value: "text|json|csv|stix",
      description:
        "text (default); json: one alert per line; csv with a header; stix: a STIX 2.1 bundle (indicators, observed data, sightings, ATT&CK attack-patterns) for OpenCTI or MISP",
    },
    since: {
      type: "string",
      value: "T",
      description: "seen at or after T (2026-03-01, or an age: 7d, 12h)",
    },
    technique: {
      type: "string",
      multiple: true,
      value: "T",
      description: "only this technique (T1584 takes its sub-techniques too)",
    },
    status: {
      type: "string",
      multiple: true,
      value: "S",
      description: "open, acknowledged or closed",
    },
    entity: { type: "string", value: "NAME", description: "only alerts about this name" },
    limit: { type: "string", value: "N", description: "at most N alerts" },
  },
  examples: ["dnsight alerts --since 7d", "dnsight alerts --technique T1584 --format json"],
  async run({ values, io }) {
    const format = (values.format as string | undefined) ?? "text";
    if (!(FORMATS as readonly string[]).includes(format))
      throw new DnsightError("USAGE", `--format must be text, json, csv or stix, got "${format}"`);
    const filter: AlertFilter = {};
    if (values.since !== undefined)
      filter.since = new Date(
        parseTimePoint(values.since as string, Date.now() / 1000, "--since") * 1000,
      ).toISOString();
    const t = techniques(values.technique);
    if (t) filter.techniques = t;
    const s = statuses(values.status);
    if (s) filter.statuses = s;
    if (values.entity !== undefined)
      filter.entity = (values.entity as string).toLowerCase().replace(/\.$/, "");
    const limit = intOption(values.limit, "limit", 1, 1_000_000);
    if (limit !== undefined) filter.limit = limit;
    const list = await withAlerts(values, io, (a) => a.listAlerts(filter), { mustExist: true });
    if (format === "stix") {
      io.stdout.write(`${JSON.stringify(stixBundle(list), null, 1)}\n`);
      return 0;
    }
    if (format === "text" && io.stdout.isTTY === true) {
      io.stdout.write(renderTable(list, ALERT_COLUMNS, io));
      if (list.length === 0) io.stderr.write("no alerts\n");
      return 0;
    }
    let out = format === "csv" ? alertsCsvHeader() : "";
    for (const a of list)
      out +=
        format === "json"
          ? `${JSON.stringify(a)}\n`
          : format === "csv"
            ? alertCsvRow(a)
            : `${alertLine(a)}\n`;
    io.stdout.write(out);
    if (list.length === 0 && format === "text") io.stderr.write("no alerts\n");
    return 0;
  },
});

/** The move that brings an alert to each status (src/store/contract/alerts.ts). */
const MOVE_TO: Record<AlertStatus, AlertAction> = {
  open: "reopened",
  acknowledged: "acknowledged",
  closed: "closed",
};

const setStatus = defineCommand({
  name: "dnsight alerts status",
  description:
    "Move an alert: acknowledge an open one, close an open or acknowledged one, open an acknowledged or closed one again (a closed alert found again opens by itself). Each move is noted with your login, the time and the comment; any other move is refused.",
  options: {
    comment: {
      type: "string",
      value: "TEXT",
      description: `why (at most ${ALERT_COMMENT_MAX} characters), kept with the move`,
    },
  },
  positionals: [
    { name: "ID", description: "the alert's id (al-…)", required: true },
    { name: "STATUS", description: "open, acknowledged or closed", required: true },
  ],
  examples: ['dnsight alerts status al-0123456789abcdef0123 closed --comment "our CDN"'],
  async run({ values, positionals, io }) {
    const [id, status] = positionals as [string, string];
    const [s] = statuses(status)!;
    const action = MOVE_TO[s!];
    const comment = values.comment as string | undefined;
    if (comment !== undefined && comment.length > ALERT_COMMENT_MAX)
      throw new DnsightError("USAGE", `--comment is longer than ${ALERT_COMMENT_MAX} characters`);
    const moved = await withAlerts(
      values,
      io,
      (a) =>
        a.moveAlert(id, {
          at: new Date().toISOString(),
          user: cliActor(io.env),
          action,
          ...(comment !== undefined && comment.trim() !== "" ? { comment } : {}),
        }),
      { mustExist: true },
    );
    if (!moved.ok)
      throw new DnsightError(
        "INPUT",
        moved.why === "missing"
          ? `no alert with id "${id}"`
          : refusedMove(id, action, moved.status),
      );
    io.stderr.write(`${id}: ${s}\n`);
    return 0;
  },
});

export const alertsCommand = defineCommand({
  ...listAlerts,
  subcommands: { status: { description: "set an alert's status", load: async () => setStatus } },
});
