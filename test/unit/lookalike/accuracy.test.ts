// The issue-12 targets on the shared development set and on our held-out set
// (test/data/lookalike-heldout/): recall ≥ 0.95 with at most 2% of the hard
// negatives flagged, the brands' owned names given. bench/lookalike-accuracy.ts prints
// the same figures beside the targets.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  accuracy,
  LABELED_SETS,
  TARGET_FP_RATE,
  TARGET_RECALL,
} from "../../helpers/lookalike-accuracy.js";

describe("lookalike match: recall and false positives on labelled sets", () => {
  for (const [name, dir] of Object.entries(LABELED_SETS))
    it(`${name}: recall ≥ ${TARGET_RECALL}, false positives ≤ ${TARGET_FP_RATE * 100}%`, (t) => {
      const a = accuracy(dir);
      t.diagnostic(
        `recall ${a.found}/${a.positives} = ${a.recall.toFixed(3)}, false positives ${a.flagged}/${a.negatives} = ${(100 * a.fpRate).toFixed(1)}%`,
      );
      assert.ok(
        a.recall >= TARGET_RECALL,
        `recall ${a.recall.toFixed(3)}; missed:\n${a.missed.join("\n")}`,
      );
      assert.ok(
        a.fpRate <= TARGET_FP_RATE,
        `false positives ${a.flagged}/${a.negatives}:\n${a.falsePositives.join("\n")}`,
      );
    });
});
