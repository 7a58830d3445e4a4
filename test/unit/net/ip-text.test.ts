// isIPv4Text / isIPv6Text / ipFamily (src/net/ip.ts) say what node:net's isIPv4, isIPv6
// and isIP say, for every string: checked against node:net itself on valid addresses of
// every shape, their mutations and random strings (seeded, so a failure repeats).
import assert from "node:assert/strict";
import { isIP } from "node:net";
import { describe, it } from "node:test";
import { ipFamily } from "../../../src/net/ip.js";

/** mulberry32: small, seeded, uniform enough for this. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n) | 0;
  };
}

/** A valid address of a random shape: IPv4, or IPv6 with or without "::", a quad, a zone. */
function validAddress(rnd: (n: number) => number): string {
  const quad = (): string => Array.from({ length: 4 }, () => rnd(256)).join(".");
  if (rnd(4) === 0) return quad();
  const group = (): string =>
    rnd(0x10000)
      .toString(16)
      .slice(0, 1 + rnd(4));
  const withQuad = rnd(3) === 0;
  const total = withQuad ? 6 : 8;
  let text: string;
  if (rnd(2)) text = Array.from({ length: total }, group).join(":");
  else {
    const explicit = rnd(total); // fewer than all: "::" stands for the rest
    const left = rnd(explicit + 1);
    const g = Array.from({ length: explicit }, group);
    text = `${g.slice(0, left).join(":")}::${g.slice(left).join(":")}`;
  }
  if (withQuad) text += text.endsWith(":") ? quad() : `:${quad()}`;
  if (rnd(6) === 0) text += `%${["eth0", "1", "en0.2", "a-b:c"][rnd(4)]}`;
  return text;
}

const ALPHABET = "0123456789abcdefABCDEFgz:.%- ";

describe("IP address text, without node:net's regexes", () => {
  it("agrees with node:net's isIP on valid addresses, their mutations and random strings", () => {
    const rnd = prng(17);
    const seen = { 0: 0, 4: 0, 6: 0 };
    for (let k = 0; k < 60_000; k++) {
      let s = validAddress(rnd);
      if (k % 3 === 1)
        for (let m = rnd(3); m >= 0; m--) {
          const p = rnd(s.length + 1);
          const c = ALPHABET[rnd(ALPHABET.length)]!;
          s = [s.slice(0, p) + c + s.slice(p), s.slice(0, p) + s.slice(p + 1)][rnd(2)]!;
        }
      if (k % 3 === 2)
        s = Array.from({ length: rnd(42) }, () => ALPHABET[rnd(ALPHABET.length)]).join("");
      const want = isIP(s);
      assert.equal(ipFamily(s), want, JSON.stringify(s));
      seen[want as 0 | 4 | 6]++;
    }
    // Every answer was exercised, many times.
    assert.ok(seen[0] > 10_000 && seen[4] > 5_000 && seen[6] > 15_000, JSON.stringify(seen));
  });

  it("costs linear time on a long hostile string", () => {
    const long = `${"1:".repeat(200_000)}1`;
    const t0 = performance.now();
    assert.equal(ipFamily(long), 0);
    assert.equal(ipFamily(`::${"f".repeat(400_000)}`), 0);
    assert.equal(ipFamily(`1.2.3.4${"%a".repeat(200_000)}`), 0);
    assert.ok(performance.now() - t0 < 200);
  });
});
