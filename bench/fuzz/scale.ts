import { basename, dirname, join, relative, resolve } from "node:path";
import { CORPUS, readCorpusFile } from "./corpus.js";
import { Replayer } from "./replay.js";
import { splitOptions, withOptions } from "./target.js";

// How a parser's time grows with an input: the input's body cut to 1/16, 1/8, 1/4 and 1/2
// of its length (and whole, while that stays affordable), each parsed in a worker. A
// growth of ×2 per doubling is linear, ×4 quadratic. For the stalls the fuzz bench keeps:
//   npm run bench -- fuzz --scale test/fuzz-corpus/whois/0123456789abcdef.bin ...

export interface Scaling {
  file: string;
  points: { bytes: number; ms: number }[];
  /** log2 of the time ratio per doubling, over the largest two steps measured. */
  exponent: number;
}

export async function scaleFile(file: string, limitMs = 20_000): Promise<Scaling> {
  const target = basename(dirname(file));
  const raw = readCorpusFile(relative(join(CORPUS, "..", ".."), resolve(file)));
  const { options, body } = splitOptions(raw);
  const hasHeader = body.length !== raw.length;
  const replayer = new Replayer(limitMs);
  const points: { bytes: number; ms: number }[] = [];
  try {
    for (const f of [16, 8, 4, 2, 1]) {
      const part = body.subarray(0, Math.floor(body.length / f));
      const r = await replayer.run(target, hasHeader ? withOptions(options, part) : part);
      points.push({ bytes: part.length, ms: r.ms });
      if (r.outcome === "hang" || r.ms > limitMs / 4) break;
    }
  } finally {
    await replayer.close();
  }
  const n = points.length;
  const ratio = (i: number): number =>
    Math.max(points[i]!.ms, 0.01) / Math.max(points[i - 1]!.ms, 0.01);
  const exponent = n >= 3 ? Math.log2((ratio(n - 1) * ratio(n - 2)) ** 0.5) : NaN;
  return { file, points, exponent };
}

export function describeScaling(s: Scaling): string {
  const growth = Number.isNaN(s.exponent)
    ? "too few points"
    : s.exponent > 1.5
      ? `super-linear (time ×${(2 ** s.exponent).toFixed(1)} per doubling)`
      : `linear (time ×${(2 ** s.exponent).toFixed(1)} per doubling)`;
  const pts = s.points
    .map((p) => `${(p.bytes / 1024).toFixed(0)} KiB ${p.ms.toFixed(0)} ms`)
    .join(", ");
  return `${s.file}: ${growth}; ${pts}`;
}
