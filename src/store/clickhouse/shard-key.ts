// The sharding key of the cluster store: the shard of an observation is a hash of its
// reversed owner name, of a registration snapshot a hash of its key. The client decides
// (it inserts each shard's rows into that shard's own tables, cluster-writer.ts), so the
// hash is ours, not the server's: FNV-1a over the UTF-8 bytes, 32 bits, the same on
// every run and every machine. The Distributed tables are for reads only; they have no
// sharding key, and an INSERT through one of them fails rather than placing rows
// where this hash would not look for them.

const OFFSET = 0x811c9dc5;
const PRIME = 0x01000193;
const encoder = new TextEncoder();

/** FNV-1a, 32 bits (http://www.isthe.com/chongo/tech/comp/fnv/), as an unsigned integer. */
export function fnv1a32(text: string): number {
  let h = OFFSET;
  // ASCII (nearly every DNS name) needs no encoder: a char code is its byte.
  if (/^[\x00-\x7f]*$/.test(text)) {
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), PRIME);
  } else {
    for (const b of encoder.encode(text)) h = Math.imul(h ^ b, PRIME);
  }
  return h >>> 0;
}

/** Index (0-based) of the shard of `key` among `shards`. */
export const shardIndex = (key: string, shards: number): number => fnv1a32(key) % shards;
