import { api } from "../api.js";
import type { Observation, SearchPage } from "../types.js";

// Every stored row of a passive-DNS query, a page of 1000 at a time (the API's
// most), up to a cap: a busy name has more rows than a browser table should hold,
// and past the cap the user narrows the query instead.

export const ROWS_CAP = 20_000;

export async function allRows(
  params: Record<string, string>,
  onPage: (rows: Observation[], done: boolean) => void,
  cap = ROWS_CAP,
): Promise<{ rows: Observation[]; capped: boolean }> {
  const rows: Observation[] = [];
  let cursor: string | undefined;
  for (;;) {
    const q = new URLSearchParams({ ...params, limit: "1000" });
    if (cursor !== undefined) q.set("cursor", cursor);
    const page = await api<SearchPage>(`/pdns/search?${q}`);
    rows.push(...page.rows);
    cursor = page.next;
    const capped = cursor !== undefined && rows.length >= cap;
    onPage(rows, cursor === undefined || capped);
    if (cursor === undefined || capped) return { rows, capped };
  }
}
