import assert from "node:assert/strict";
import { isIPv4, isIPv6 } from "node:net";
import { describe, it } from "node:test";
import fc from "fast-check";
import { ipv4ToBytes, ipv4ToText, ipv6ToBytes, ipv6ToInetNtopText } from "../../../src/net/ip.js";

// The IP codecs (net/ip.ts) between text and bytes: every 4 or 16 bytes print as an
// address that reads back to them, and every address fast-check writes (any of the
// legal IPv6 spellings) reads to bytes that print in one canonical form.

describe("IP text ↔ bytes", () => {
  it("IPv4: bytes → text → bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (b) => {
        const text = ipv4ToText(b);
        assert.ok(isIPv4(text), text);
        assert.deepEqual(ipv4ToBytes(text), b);
      }),
      { numRuns: 2000 },
    );
  });

  it("IPv6: bytes → text → bytes, also for runs of zeros and embedded IPv4", () => {
    const zeroish = fc
      .array(fc.constantFrom(0, 0, 0, 0xffff, 1, 0x7f00, 0xabcd), { minLength: 8, maxLength: 8 })
      .map((ws) => Uint8Array.from(ws.flatMap((w) => [w >> 8, w & 0xff])));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ minLength: 16, maxLength: 16 }), zeroish), (b) => {
        const text = ipv6ToInetNtopText(b);
        assert.ok(isIPv6(text), text);
        assert.deepEqual(ipv6ToBytes(text), b, text);
      }),
      { numRuns: 3000 },
    );
  });

  it("IPv6: any spelling reads to bytes whose text is canonical and stable", () => {
    fc.assert(
      fc.property(fc.ipV6(), (text) => {
        const b = ipv6ToBytes(text);
        assert.ok(b, text);
        const canonical = ipv6ToInetNtopText(b);
        assert.deepEqual(ipv6ToBytes(canonical), b, `${text} → ${canonical}`);
        assert.equal(ipv6ToInetNtopText(ipv6ToBytes(canonical)!), canonical);
      }),
      { numRuns: 3000 },
    );
  });

  it("rejects what is not an address", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 45 }), (s) => {
        if (!isIPv4(s)) assert.equal(ipv4ToBytes(s), undefined);
        if (!isIPv6(s) || s.includes("%")) assert.equal(ipv6ToBytes(s), undefined);
      }),
      { numRuns: 3000 },
    );
  });
});
