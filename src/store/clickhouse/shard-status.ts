// Which shards of a cluster answer: each shard's own HTTP endpoint asked `SELECT 1`, all
// at once, within a short deadline. 18.16 names a shard that is down only by its native
// TCP address, deep in a multi-line message, and says nothing at all when
// skip_unavailable_shards let a read leave it out: the store asks the shards itself.
import { DnsightError } from "../../errors.js";
import type { ClickHouseClient } from "./http-client.js";
import { isUnreachable, withoutWhere } from "./unreachable.js";

export interface ShardProbe {
  num: number;
  where: string;
  /** Why it does not answer; undefined when it does. */
  down?: string;
}

const PROBE_MS = 2000;

export async function probeShards(
  shards: ReadonlyArray<{ num: number; where: string; ch: ClickHouseClient }>,
): Promise<ShardProbe[]> {
  return Promise.all(
    shards.map(async (s) => {
      try {
        await s.ch.query("SELECT 1", { timeoutMs: PROBE_MS, maxRows: 1 });
        return { num: s.num, where: s.where };
      } catch (e) {
        if (!isUnreachable(e)) return { num: s.num, where: s.where };
        return { num: s.num, where: s.where, down: withoutWhere((e as Error).message) };
      }
    }),
  );
}

/** "clickhouse shard 2 (HOST:PORT) is down: connection refused …", the read's error as cause. */
export function downShardError(s: ShardProbe, cause: unknown): DnsightError {
  return new DnsightError("STORE", `clickhouse shard ${s.num} (${s.where}) is down: ${s.down}`, {
    cause,
  });
}
