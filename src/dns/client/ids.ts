import { randomFillSync } from "node:crypto";

// Query ids come from the CSPRNG (RFC 5452 §9.2): an off-path forger has to
// guess the id and the source port together. Drawn in blocks to keep it cheap.

const block = new Uint16Array(4096);
let next = block.length;

export function randomId(): number {
  if (next === block.length) {
    randomFillSync(block);
    next = 0;
  }
  return block[next++]!;
}
