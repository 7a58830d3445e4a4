import type { Alert, AlertStatus } from "../../model/alert.js";
import type { Severity } from "../../model/finding.js";
import { parseTimePoint } from "../../passive/time-fence.js";
import type { AlertFilter, AlertStore } from "../../store/types.js";
import { HttpError } from "../http.js";

// Pages of the alert list, newest lastSeen first (ties by id), the store's order.
// The cursor is the last alert's (lastSeen, id), so an alert found again (it moves to
// the top) or a new one does not shift the pages after it. The store's list has a
// limit but no seek and no severity filter, so a page reads the newest alerts in
// growing steps until it has its rows, up to WINDOW alerts; past that it says
// `limited` (narrow the filter with since, technique or status).

export const WINDOW = 10_000;

export interface AlertPageRequest {
  filter: AlertFilter;
  severities?: readonly Severity[];
  limit: number;
  cursor?: string;
  /** Alerts looked at most (WINDOW). */
  window?: number;
}

export interface AlertPage {
  alerts: Alert[];
  next?: string;
  limited?: string;
}

/** The list's filters, as the query gives them (validated by AlertListQuery). */
export interface AlertQuery {
  technique?: string[] | undefined;
  severity?: string[] | undefined;
  status?: string[] | undefined;
  since?: string | undefined;
  entity?: string | undefined;
}

/** The store-side filter of a query, its times read against `now` (epoch seconds), as `dnsight alerts` reads them. */
export function alertFilter(q: AlertQuery, now: number): AlertFilter {
  const filter: AlertFilter = {};
  if (q.since !== undefined)
    filter.since = new Date(parseTimePoint(q.since, now, "since") * 1000).toISOString();
  if (q.technique) filter.techniques = q.technique.map((t) => t.toUpperCase());
  if (q.status) filter.statuses = q.status as AlertStatus[];
  if (q.entity !== undefined) filter.entity = q.entity.toLowerCase().replace(/\.$/, "");
  return filter;
}

type Key = [lastSeen: string, id: string];

const encode = (a: Alert): string =>
  Buffer.from(JSON.stringify([a.lastSeen, a.id])).toString("base64url");

function decode(cursor: string): Key {
  try {
    const k = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(k) && k.length === 2 && k.every((v) => typeof v === "string"))
      return k as Key;
  } catch {
    // reported below
  }
  throw new HttpError(400, 'query parameter "cursor": not a cursor of the alert list');
}

/** After `k` in the store's order (lastSeen descending, then id). */
const isAfter = (a: Alert, k: Key): boolean =>
  a.lastSeen < k[0] || (a.lastSeen === k[0] && a.id > k[1]);

export async function alertPage(store: AlertStore, r: AlertPageRequest): Promise<AlertPage> {
  const key = r.cursor !== undefined ? decode(r.cursor) : undefined;
  const sev = r.severities ? new Set(r.severities) : undefined;
  const keep = (a: Alert): boolean =>
    (key === undefined || isAfter(a, key)) && (sev === undefined || sev.has(a.severity));
  const window = r.window ?? WINDOW;
  const want = r.limit + 1;
  let n = Math.min(window, key === undefined && sev === undefined ? want : want * 4);
  for (;;) {
    const last = n >= window;
    // At the window, one more tells whether anything lies beyond it.
    const rows = await store.listAlerts({ ...r.filter, limit: last ? window + 1 : n });
    const kept = rows.slice(0, window).filter(keep);
    const full = kept.length >= want;
    if (full || rows.length < n || last) {
      const alerts = kept.slice(0, r.limit);
      const page: AlertPage = { alerts };
      if (full) page.next = encode(alerts[alerts.length - 1]!);
      else if (rows.length > window)
        page.limited = `only the newest ${window} alerts matching technique, status, since and entity were looked at: narrow those`;
      return page;
    }
    n = Math.min(window, n * 4);
  }
}
