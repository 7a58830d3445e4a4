// Bench (issue 12): recall and false-positive rate of `lookalike match` on the shared
// development set and on our held-out set (test/data/lookalike-heldout/), with and
// without the brands' owned names, beside the targets: recall ≥ 0.95, ≤ 2% of the hard
// negatives flagged (owned names given).
import {
  accuracy,
  LABELED_SETS,
  TARGET_FP_RATE,
  TARGET_RECALL,
} from "../test/helpers/lookalike-accuracy.js";

export async function benchLookalikeAccuracy(): Promise<boolean> {
  let ok = true;
  console.log(
    `lookalike match accuracy (target: recall ≥ ${TARGET_RECALL}, false positives ≤ ${TARGET_FP_RATE * 100}%)`,
  );
  for (const [name, dir] of Object.entries(LABELED_SETS))
    for (const owned of [true, false]) {
      const t0 = performance.now();
      const a = accuracy(dir, { owned });
      const ms = performance.now() - t0;
      const pass = a.recall >= TARGET_RECALL && a.fpRate <= TARGET_FP_RATE;
      if (owned) ok &&= pass;
      console.log(
        `  ${`${name}, ${owned ? "owned names given" : "no owned list"}`.padEnd(40)} recall ${a.found}/${a.positives} = ${a.recall.toFixed(3)}   false positives ${a.flagged}/${a.negatives} = ${(100 * a.fpRate).toFixed(1)}%   ${ms.toFixed(0)} ms ${owned ? (pass ? "PASS" : "MISS") : "(for reference)"}`,
      );
      if (owned) for (const m of a.missed) console.log(`      missed ${m}`);
      if (owned) for (const f of a.falsePositives) console.log(`      flagged ${f}`);
    }
  return ok;
}
