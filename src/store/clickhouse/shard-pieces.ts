// How the cluster writer reaches each shard (cluster-writer.ts): a piece is inserted
// into the shard's own `obs_in`; the shard's checkpoint log is read from its own
// `ingest_checkpoints`.
import type { ClickHouseStoreOptions } from "./clickhouse-store.js";
import type { ShardLink } from "./cluster-store.js";
import type { Piece, ShardPieces } from "./cluster-writer.js";
import { readLogState } from "./obs-writer.js";
import type { ClickHouseLocation } from "./url.js";

export interface OpenShardPieces extends ShardPieces {
  /** Tries to send what waits, for at most `ms`; throws naming what is left. */
  close(ms: number): Promise<void>;
}

export async function openShardPieces(
  shards: readonly ShardLink[],
  _loc: ClickHouseLocation,
  _o: ClickHouseStoreOptions,
): Promise<OpenShardPieces> {
  return {
    count: shards.length,
    async state(i, input) {
      const s = shards[i]!;
      await s.ready();
      return readLogState(s.ch, input);
    },
    async send(i, piece: Piece) {
      const s = shards[i]!;
      await s.ready();
      await s.ins.insert("obs_in", piece.block);
    },
    async close() {},
  };
}
