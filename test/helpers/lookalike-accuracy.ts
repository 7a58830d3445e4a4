// Recall and false-positive rate of the lookalike matcher on a labelled set laid out as
// shared/fixtures/lookalike/labeled/ is: brands.txt, labeled.tsv ("pos NAME BRAND
// TECHNIQUE" or "neg NAME"), owned.txt ("OWNED BRAND"). A positive counts as found when
// the matcher reports it for its brand; a negative is a false positive when it reports
// it at all. Shared by the accuracy test and bench/lookalike-accuracy.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BrandMatcher } from "../../src/lookalike/match.js";
import { parseOwned } from "../../src/lookalike/owned.js";

export const LABELED_SETS = {
  development: fileURLToPath(
    new URL("../../../shared/fixtures/lookalike/labeled/", import.meta.url),
  ),
  "held-out (ours)": fileURLToPath(new URL("../data/lookalike-heldout/", import.meta.url)),
} as const;

/** The targets (issue 12). */
export const TARGET_RECALL = 0.95;
export const TARGET_FP_RATE = 0.02;

export interface Accuracy {
  positives: number;
  found: number;
  negatives: number;
  flagged: number;
  recall: number;
  fpRate: number;
  missed: string[];
  falsePositives: string[];
}

export function accuracy(dir: string, o: { owned?: boolean } = {}): Accuracy {
  const brands = readFileSync(join(dir, "brands.txt"), "utf8").split("\n");
  const ownedFile = join(dir, "owned.txt");
  const owned = o.owned === false ? [] : parseOwned(readFileSync(ownedFile, "utf8"), ownedFile);
  const m = new BrandMatcher(brands, { owned });
  const rows = readFileSync(join(dir, "labeled.tsv"), "utf8")
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split("\t"));
  const missed: string[] = [];
  const falsePositives: string[] = [];
  let positives = 0;
  let negatives = 0;
  for (const [label, name, brand] of rows) {
    const hits = m.match(name!);
    if (label === "pos") {
      positives++;
      if (!hits.some((h) => h.brand === brand)) missed.push(`${name} (${brand})`);
    } else {
      negatives++;
      for (const h of hits)
        falsePositives.push(`${name} as ${h.brand} (${h.method} ${h.score}: ${h.reason})`);
    }
  }
  const flagged = new Set(falsePositives.map((f) => f.split(" ")[0])).size;
  return {
    positives,
    found: positives - missed.length,
    negatives,
    flagged,
    recall: (positives - missed.length) / positives,
    fpRate: flagged / negatives,
    missed,
    falsePositives,
  };
}
