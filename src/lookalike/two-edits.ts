// Two edits from a brand, for names written in confusable letters only: an IDN that
// mixes scripts to look like a brand ("santnderк" for santander) has already shown
// intent, so a second slip does not make it innocent. Plain ASCII names get one edit,
// as two would match too many real words. The brands compared are the ones the
// one-edit lookup already met (a deletion of each side meets: one letter dropped and
// one added or changed), so this costs no index of its own.

/** Brand labels this short get one edit at most, even in confusable letters. */
export const MIN_TWO_EDITS = 6;

/** Optimal string alignment distance, or max + 1 once it must exceed `max`. */
export function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const w = b.length + 1;
  let prev2 = new Array<number>(w).fill(0);
  let prev = Array.from({ length: w }, (_, j) => j);
  let cur = new Array<number>(w).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[b.length]!;
}
