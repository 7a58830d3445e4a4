import { DnsightError } from "../../errors.js";
import { parseTimePoint } from "../../passive/time-fence.js";
import { openStore } from "../../store/open.js";
import { requirePart } from "../../store/require-part.js";
import { AUDIT_PAGE_MAX, type AuditQuery, type AuditRecord } from "../../store/types.js";
import { printable } from "../../util/printable.js";
import { defineCommand } from "../command.js";
import { renderTable, type Colour } from "../format/table.js";
import { intOption } from "../options.js";
import { storeOption } from "../store-io.js";

// `dnsight audit`: the audit log, newest first, read a page at a time by its cursor
// and printed as it comes, so a long log never sits in memory whole.

const OUTCOME_COLOUR: Record<string, Colour> = { ok: "green", denied: "red", failed: "yellow" };

/** "alice" is the user alice; "key:ID", "cli:LOGIN", "user:NAME" as they are. */
const actorOf = (text: string): string =>
  /^(?:user|key|cli|system):/.test(text) ? text : `user:${text}`;

/** Always with milliseconds: one length, so the lines sort as text too. */
const isoTime = (ms: number): string => new Date(ms).toISOString();

const time = (text: string, what: string): number =>
  parseTimePoint(text, Date.now() / 1000, what) * 1000;

export const auditCommand = defineCommand({
  name: "dnsight audit",
  description:
    "The audit log of admin and state-changing actions, newest first: time, actor (user:NAME, key:ID or cli:LOGIN), action, target, outcome (ok, denied, failed), detail.",
  options: {
    since: {
      type: "string",
      value: "T",
      description: "at or after T (2026-03-01, or an age: 7d, 12h)",
    },
    until: { type: "string", value: "T", description: "before T" },
    actor: {
      type: "string",
      value: "WHO",
      description: "only this actor: a user name, key:ID or cli:LOGIN",
    },
    action: {
      type: "string",
      value: "A",
      description: "only this action (user.add, apikey.create…)",
    },
    limit: { type: "string", value: "N", description: "at most N entries (default all)" },
    json: { type: "boolean", description: "one JSON object per line" },
  },
  examples: ["dnsight audit --since 7d", "dnsight audit --actor alice --json"],
  async run({ values, io }) {
    const query: AuditQuery = {};
    if (values.since !== undefined) query.since = time(values.since as string, "--since");
    if (values.until !== undefined) query.until = time(values.until as string, "--until");
    if (values.actor !== undefined) query.actor = actorOf(values.actor as string);
    if (values.action !== undefined) query.action = values.action as string;
    let left = intOption(values.limit, "limit", 1, 1_000_000) ?? Infinity;
    if (query.since !== undefined && query.until !== undefined && query.until <= query.since)
      throw new DnsightError("USAGE", "--until is not after --since");
    const store = await openStore(storeOption(values, io.env), { mustExist: true });
    let shown = 0;
    try {
      const audit = requirePart(store, "audit");
      let cursor: string | undefined;
      do {
        const page = await audit.queryAudit({
          ...query,
          limit: Math.min(AUDIT_PAGE_MAX, left),
          ...(cursor !== undefined ? { cursor } : {}),
        });
        io.stdout.write(render(page.entries, values.json === true, shown === 0, io));
        shown += page.entries.length;
        left -= page.entries.length;
        cursor = page.next;
      } while (cursor !== undefined && left > 0);
    } finally {
      await store.close();
    }
    if (shown === 0 && values.json !== true) io.stderr.write("no audit entries match\n");
    return 0;
  },
});

function render(
  entries: AuditRecord[],
  json: boolean,
  first: boolean,
  io: Parameters<typeof renderTable>[2],
): string {
  if (json)
    return entries
      .map((e) => {
        const { at, id, ...rest } = e;
        return `${JSON.stringify({ time: isoTime(at), ...rest, id })}\n`;
      })
      .join("");
  if (entries.length === 0) return "";
  const table = renderTable(
    entries,
    [
      { header: "TIME", value: (e) => isoTime(e.at) },
      { header: "ACTOR", value: (e) => printable(e.actor) },
      { header: "ACTION", value: (e) => e.action },
      { header: "TARGET", value: (e) => printable(e.target ?? "-") },
      { header: "OUTCOME", value: (e) => e.outcome, colour: (v) => OUTCOME_COLOUR[v] },
      { header: "DETAIL", value: (e) => printable(e.detail ?? "") },
    ],
    io,
  );
  // On a terminal each page is a table with its header; the header is shown once.
  return first || io.stdout.isTTY !== true ? table : table.slice(table.indexOf("\n") + 1);
}
