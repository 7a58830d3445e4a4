// encodeQuery writes names without escapes straight into the packet; every name
// must still come out byte for byte as the general parser (textToLabels) reads it,
// and a name the parser rejects must be rejected the same way.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { textToLabels } from "../../../src/dns/wire/name.js";
import { encodeQuery } from "../../../src/dns/wire/query.js";

function reference(name: string): Buffer {
  const labels = textToLabels(name);
  return Buffer.concat([
    ...labels.flatMap((l) => [Buffer.from([l.length]), Buffer.from(l)]),
    Buffer.from([0]),
  ]);
}

function outcome(f: () => Buffer): Buffer | string {
  try {
    return f();
  } catch (e) {
    return (e as Error).message;
  }
}

describe("encodeQuery", () => {
  it("writes every name as the general parser reads it, or rejects it alike", () => {
    const char = fc.constantFrom(..."abcXYZ019-_.\\ü *".split(""));
    const names = fc.oneof(
      fc.array(char, { maxLength: 40 }).map((cs) => cs.join("")),
      // Long labels and long names, near the 63 and 255 byte limits.
      fc
        .array(fc.integer({ min: 1, max: 66 }), { minLength: 1, maxLength: 6 })
        .chain((lens) =>
          fc
            .boolean()
            .map(
              (dot) =>
                lens.map((n, i) => String.fromCharCode(97 + i).repeat(n)).join(".") +
                (dot ? "." : ""),
            ),
        ),
    );
    fc.assert(
      fc.property(names, fc.integer({ min: 0, max: 0xffff }), (name, id) => {
        const got = outcome(() => encodeQuery(id, name, "AAAA"));
        const want = outcome(() => reference(name));
        if (typeof want === "string") {
          assert.equal(got, want, name);
          return;
        }
        assert.ok(Buffer.isBuffer(got), `${name}: ${String(got)}`);
        assert.equal(got.readUInt16BE(0), id);
        assert.deepEqual(got.subarray(12, 12 + want.length), want, name);
        // QTYPE AAAA, QCLASS IN, then the 11-byte OPT record.
        assert.deepEqual([...got.subarray(12 + want.length, 16 + want.length)], [0, 28, 0, 1]);
        assert.equal(got.length, 12 + want.length + 4 + 11);
      }),
      { numRuns: 3000 },
    );
  });

  it("writes the header and OPT as asked", () => {
    const q = encodeQuery(0xbeef, "www.example.test", "A", {
      rd: false,
      cd: true,
      dnssecOk: true,
      udpSize: 4096,
    });
    assert.equal(
      q.toString("hex"),
      "beef0010000100000000000103777777076578616d706c65047465737400000100010000291000000080000000",
    );
  });
});
