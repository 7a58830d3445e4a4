import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeMessage, encodeMessage } from "../../../src/dns/wire/message.js";
import { labelsToText, labelToText, textToLabels } from "../../../src/dns/wire/name.js";

const label = (text: string): string => {
  const [l] = textToLabels(text);
  return labelToText(l!, 0, l!.length);
};

describe("label escapes follow kdig", () => {
  // Printed by kdig 3.2.6 for owners of a Knot zone (test/integration/differential.test.ts).
  const KDIG: ReadonlyArray<readonly [bytes: string, kdig: string]> = [
    ["a+b", "a\\+b"],
    ["x=y", "x\\=y"],
    ["semi;colon", "semi\\;colon"],
    ["at@sign", "at\\@sign"],
    ["dollar$", "dollar\\$"],
    ["par(en)", "par\\(en\\)"],
    ['qu"ote', 'qu\\"ote'],
    ["under_score", "under_score"],
    ["sl/ash", "sl/ash"],
    ["back\\slash", "back\\\\slash"],
    ["ti~lde!#%&'*,<>?[]^`{|}", "ti\\~lde\\!\\035\\%\\&\\'*\\,\\<\\>\\?\\[\\]\\^\\`\\{\\|\\}"],
    ["with space", "with\\032space"],
    ["esc.aped", "esc\\.aped"],
    ["*", "*"],
    ["xn--bcher-kva", "xn--bcher-kva"],
    ["col:on", "col\\:on"],
  ];

  it("escapes punctuation with a backslash, '#' and non-printables as \\DDD", () => {
    for (const [raw, kdig] of KDIG) {
      const bytes = Buffer.from(raw, "latin1");
      assert.equal(labelToText(bytes, 0, bytes.length), kdig, raw);
      assert.deepEqual(Buffer.from(textToLabels(kdig)[0]!), bytes, kdig);
    }
    assert.equal(label("\\000\\255bin"), "\\000\\255bin");
    assert.equal(label("\\127\\128"), "\\127\\128");
  });

  it("still reads dig's forms, which escape less", () => {
    assert.equal(label("a+b"), "a\\+b");
    assert.equal(label("x=y"), "x\\=y");
    assert.equal(label("h\\#sh"), "h\\035sh");
  });

  it("round-trips every byte value", () => {
    for (const from of [0, 128]) {
      // Two names of 128 byte values each, as a name holds at most 255 bytes.
      const labels = [0, 63, 126].map((at) =>
        Uint8Array.from({ length: Math.min(63, 128 - at) }, (_, i) => from + at + i),
      );
      const text = labelsToText(labels);
      assert.ok(!/[^\x21-\x7e]/.test(text), "presentation form must be printable ASCII");
      assert.deepEqual(
        textToLabels(text).map((l) => [...l]),
        labels.map((l) => [...l]),
      );
    }
  });

  it("prints owners and RDATA names of a message in kdig's form", () => {
    const owner = "a\\+b.ti\\~lde\\035.example.";
    const buf = encodeMessage({
      id: 1,
      answers: [{ name: owner, type: "PTR", class: "IN", ttl: 60, data: "x\\=y.example." }],
    });
    const m = decodeMessage(buf);
    assert.deepEqual(m.answers[0], {
      name: owner,
      type: "PTR",
      class: "IN",
      ttl: 60,
      data: "x\\=y.example.",
    });
  });
});
