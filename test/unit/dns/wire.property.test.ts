import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { decodeMessage, encodeMessage } from "../../../src/dns/wire/message.js";
import { labelsToText, textToLabels } from "../../../src/dns/wire/name.js";
import { decodeRdata, encodeRdata } from "../../../src/dns/wire/rdata/index.js";
import { WireReader } from "../../../src/dns/wire/reader.js";
import { typeFromString } from "../../../src/dns/wire/types.js";
import { WireWriter } from "../../../src/dns/wire/writer.js";
import { isDnsightError } from "../../../src/errors.js";
import { canonicalRdata } from "../../../src/passive/rdata.js";
import { dnsMessage, RDATA, RDATA_TYPES } from "../../../bench/fuzz/gen/dns-arbitraries.js";

// Properties of the DNS wire codec on fast-check's messages, names and RDATA (the same
// arbitraries the fuzz bench mutates). Run counts are bounded so the file takes seconds.

describe("DNS wire properties", () => {
  it("a message survives encode → decode → encode byte for byte", () => {
    fc.assert(
      fc.property(dnsMessage(), (m) => {
        const wire = encodeMessage(m);
        const decoded = decodeMessage(wire);
        const again = encodeMessage({ ...decoded, compress: m.compress ?? true });
        assert.deepEqual(again, wire);
        assert.deepEqual(decodeMessage(again), decoded);
      }),
      { numRuns: 150 },
    );
  });

  it("any bytes decode, or fail with DnsightError WIRE", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (b) => {
        try {
          decodeMessage(Buffer.from(b));
        } catch (e) {
          assert.ok(isDnsightError(e) && e.code === "WIRE", String(e));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("a name's labels survive text and back, escapes and all", () => {
    const labels = fc
      .array(fc.uint8Array({ minLength: 1, maxLength: 63 }), { maxLength: 6 })
      .filter((ls) => ls.reduce((n, l) => n + l.length + 1, 1) <= 255);
    fc.assert(
      fc.property(labels, (ls) => {
        const text = labelsToText(ls);
        assert.deepEqual(textToLabels(text), ls);
        const w = new WireWriter();
        w.labels(ls);
        assert.equal(new WireReader(w.finish()).name(), text);
      }),
      { numRuns: 1000 },
    );
  });

  for (const type of RDATA_TYPES) {
    it(`${type}: canonical text is a fixed point, and its wire decodes to it`, () => {
      const code = typeFromString(type)!;
      fc.assert(
        fc.property(RDATA[type]!, (text) => {
          const canonical = canonicalRdata(type, text);
          assert.equal(canonicalRdata(type, canonical), canonical);
          const w = new WireWriter();
          encodeRdata(code, canonical, w);
          const wire = w.finish();
          assert.equal(decodeRdata(code, new WireReader(wire), wire.length), canonical);
        }),
        { numRuns: 60 },
      );
    });
  }
});
