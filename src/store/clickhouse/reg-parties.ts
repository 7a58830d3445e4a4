// keysByParty on ClickHouse: `registration_parties` lists every key an answered snapshot
// ever named under a party (in partyKey form), in key order; a key is kept when its
// newest answered snapshot (argMax over (fetched_at, seq)) still names that party. Each
// round reads a bounded run of candidates, so a registrar with a million domains,
// most of them transferred away, still costs bounded work per query.
import { assertPartyQuery } from "../check.js";
import { partyKey } from "../registration-parties.js";
import type { PartyQuery } from "../types.js";
import type { ClickHouseClient } from "./http-client.js";
import type { Tables } from "./tables.js";

// On a cluster a key's parties live on the shard of its snapshots (one insert fills
// both): the subquery inside the second read is each shard's own (tables.ts).
const candidates = (from: string): string =>
  `SELECT DISTINCT key FROM ${from} WHERE party = {p:String} AND name = {n:String}` +
  " AND key > {a:String} ORDER BY key LIMIT {m:UInt32}";

export async function keysByParty(
  ch: ClickHouseClient,
  q: PartyQuery,
  tables: Tables,
): Promise<string[]> {
  assertPartyQuery(q);
  const name = partyKey(q.name);
  if (name === undefined) return [];
  // The column of the same name in registration_snapshots; assertPartyQuery checked it.
  const column = q.party === "registrar" ? "registrar" : "registrant";
  const out: string[] = [];
  const m = Math.min(10_000, 2 * q.limit + 64);
  let after = q.after ?? "";
  for (;;) {
    const params = { p: q.party, n: name, a: after, m };
    const cands = await ch.query<{ key: string }>(candidates(tables.read("registration_parties")), {
      params,
    });
    if (cands.length === 0) return out;
    const kept = await ch.query<{ key: string }>(
      `SELECT key FROM (SELECT key, argMax(${column}, tuple(fetched_at, seq)) AS now` +
        ` FROM ${tables.read("registration_snapshots")} WHERE key > {a:String} AND key <= {last:String}` +
        ` AND status != 'throttled' AND key IN (${candidates(tables.local("registration_parties"))}) GROUP BY key)` +
        " WHERE now = {n:String} ORDER BY key",
      { params: { ...params, last: cands[cands.length - 1]!.key } },
    );
    for (const r of kept) {
      out.push(r.key);
      if (out.length === q.limit) return out;
    }
    if (cands.length < m) return out;
    after = cands[cands.length - 1]!.key;
  }
}
