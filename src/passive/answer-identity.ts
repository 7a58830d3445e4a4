// What makes two DNS responses the same answer for passive DNS: every byte except the
// message ID and the TTLs, which a caching resolver counts down from one reply to the next.
// A busy sensor sees the same few thousand answers again and again; keyed by this
// identity, each is decoded once.

const HEADER = 12;
const OPT = 41;

/**
 * Writes the message's identity into `scratch` (at least as long as the message; reused):
 * the message with its ID and (non-OPT) TTLs zeroed, which is what gets decoded. Returns
 * a 32-bit hash of the masked bytes from byte 2 on, for a memo that compares those bytes
 * on a hit (answer-memo.ts): no string is made per message. A message too broken to walk
 * keeps its TTL bytes: its identity is then simply its bytes after the ID.
 */
export function maskAnswer(message: Uint8Array, scratch: Buffer): number {
  const len = message.length;
  scratch.set(message, 0);
  scratch[0] = 0;
  scratch[1] = 0;
  zeroTtls(scratch, len);
  return fnv1a(scratch, 2, len);
}

/** FNV-1a, 32 bits, over b[from, to). */
function fnv1a(b: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
  return h >>> 0;
}

/** Zeroes the TTL of every record it can walk to; stops quietly at the first broken one. */
function zeroTtls(b: Buffer, len: number): void {
  if (len < HEADER) return;
  const qd = b.readUInt16BE(4);
  const records = b.readUInt16BE(6) + b.readUInt16BE(8) + b.readUInt16BE(10);
  let at = HEADER;
  for (let i = 0; i < qd; i++) {
    at = skipName(b, at, len) + 4;
    if (at > len) return;
  }
  for (let i = 0; i < records; i++) {
    at = skipName(b, at, len);
    if (at + 10 > len) return;
    if (b.readUInt16BE(at) !== OPT) b.fill(0, at + 4, at + 8);
    at += 10 + b.readUInt16BE(at + 8);
  }
}

/** The offset just past the (possibly compressed) name at `at`; past `len` when broken. */
function skipName(b: Buffer, at: number, len: number): number {
  while (at < len) {
    const n = b[at] as number;
    if (n === 0) return at + 1;
    if (n >= 0xc0) return at + 2;
    at += n + 1;
  }
  return len + 1;
}
