import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  ipv6ToBytes,
  ipv6ToHexText,
  ipv6ToInetNtopText,
  ipv6ToRfc5952Text,
} from "../../../src/net/ip.js";
import { ipNumber, ipNumberText } from "../../../src/net/ip-number.js";

// net/ip.ts prints IPv6 three ways, which differ only in where a dotted quad appears.
// Each form has users that depend on it (kdig's and tshark's text for the RDATA and
// addresses we store, dig's for dnstap endpoints, hex only for RDAP ranges), so each
// is pinned here: by what the tools printed, and the hex form by the WHATWG URL
// serializer built into Node, an implementation that is not ours.

const bytes = (text: string): Uint8Array => ipv6ToBytes(text)!;
const whatwg = (b: Uint8Array): string =>
  new URL(`http://[${ipv6ToHexText(b)}]/`).hostname.slice(1, -1);

// Groups mostly zero, 0xffff and small: the cases where the forms part ways.
const zeroish = fc
  .array(fc.constantFrom(0, 0, 0, 0, 0xffff, 1, 2, 0x7f00, 0xabcd), {
    minLength: 8,
    maxLength: 8,
  })
  .map((ws) => Uint8Array.from(ws.flatMap((w) => [w >> 8, w & 0xff])));
const anyV6 = fc.oneof(fc.uint8Array({ minLength: 16, maxLength: 16 }), zeroish);

describe("IPv6 text forms", () => {
  // [address, RFC 5952 (kdig, tshark), inet_ntop (dig), hex only]
  const TABLE: ReadonlyArray<readonly [string, string, string, string]> = [
    ["::", "::", "::", "::"],
    ["::1", "::1", "::1", "::1"],
    // inet_ntop's clause for seven zero groups never fires: ::2, not ::0.0.0.2.
    ["::2", "::2", "::2", "::2"],
    ["::192.0.2.1", "::c000:201", "::192.0.2.1", "::c000:201"],
    ["::1.0.0.0", "::100:0", "::1.0.0.0", "::100:0"],
    ["::ffff:1.2.3.4", "::ffff:1.2.3.4", "::ffff:1.2.3.4", "::ffff:102:304"],
    ["::ffff:0.0.0.0", "::ffff:0.0.0.0", "::ffff:0.0.0.0", "::ffff:0:0"],
    ["::ffff:0:1.2.3.4", "::ffff:0:102:304", "::ffff:0:102:304", "::ffff:0:102:304"],
    ["64:ff9b::192.0.2.1", "64:ff9b::c000:201", "64:ff9b::c000:201", "64:ff9b::c000:201"],
    ["1:0:0:1:0:0:0:1", "1:0:0:1::1", "1:0:0:1::1", "1:0:0:1::1"],
    [
      "2001:db8:0:1:1:1:1:1",
      "2001:db8:0:1:1:1:1:1",
      "2001:db8:0:1:1:1:1:1",
      "2001:db8:0:1:1:1:1:1",
    ],
    ["2001:DB8::1", "2001:db8::1", "2001:db8::1", "2001:db8::1"],
  ];

  it("print what kdig, dig and the URL serializer print", () => {
    for (const [text, rfc5952, inetNtop, hex] of TABLE) {
      assert.equal(ipv6ToRfc5952Text(bytes(text)), rfc5952, `RFC 5952 ${text}`);
      assert.equal(ipv6ToInetNtopText(bytes(text)), inetNtop, `inet_ntop ${text}`);
      assert.equal(ipv6ToHexText(bytes(text)), hex, `hex ${text}`);
    }
  });

  it("hex only is the WHATWG URL form", () => {
    fc.assert(
      fc.property(anyV6, (b) => assert.equal(ipv6ToHexText(b), whatwg(b))),
      { numRuns: 3000 },
    );
  });

  it("RFC 5952 differs from hex only for IPv4-mapped, inet_ntop from RFC 5952 only for IPv4-compatible", () => {
    fc.assert(
      fc.property(anyV6, (b) => {
        const zeros = (n: number): boolean => b.subarray(0, n).every((x) => x === 0);
        const mapped = zeros(10) && b[10] === 0xff && b[11] === 0xff;
        const compatible = zeros(12) && (b[12] !== 0 || b[13] !== 0);
        assert.equal(ipv6ToRfc5952Text(b) === ipv6ToHexText(b), !mapped);
        assert.equal(ipv6ToInetNtopText(b) === ipv6ToRfc5952Text(b), !compatible);
      }),
      { numRuns: 3000 },
    );
  });

  it("every form reads back to the same bytes, at any offset", () => {
    fc.assert(
      fc.property(anyV6, fc.nat(8), (b, pad) => {
        const padded = new Uint8Array(pad + 16);
        padded.set(b, pad);
        for (const form of [ipv6ToRfc5952Text, ipv6ToInetNtopText, ipv6ToHexText]) {
          const text = form(padded, pad);
          assert.deepEqual(ipv6ToBytes(text), b, `${form.name} ${text}`);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe("IP addresses as numbers", () => {
  it("any spelling reads to the number the URL parser reads, printed in hex-only form", () => {
    fc.assert(
      fc.property(fc.ipV6(), (text) => {
        const n = ipNumber(text);
        assert.ok(n && n.version === 6, text);
        assert.equal(ipNumberText(6, n.value), new URL(`http://[${text}]/`).hostname.slice(1, -1));
      }),
      { numRuns: 3000 },
    );
  });

  it("drops a zone id and surrounding space, reads IPv4, refuses the rest", () => {
    assert.deepEqual(ipNumber(" fe80::1%eth0 "), { version: 6, value: (0xfe80n << 112n) | 1n });
    assert.deepEqual(ipNumber("192.0.2.1"), { version: 4, value: 0xc0000201n });
    assert.equal(ipNumberText(4, 0xc0000201n), "192.0.2.1");
    for (const bad of ["", "1.2.3", "01.2.3.4", "::g", "1:2:3:4:5:6:7:8:9", "example.com"])
      assert.equal(ipNumber(bad), undefined, bad);
  });
});
