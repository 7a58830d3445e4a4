import type { IngestStats } from "../passive/ingest.js";

// What `dnsight ingest` says at its end: the summary of a run (its first line's
// wording is matched by scripts and tests: keep it), or, after Ctrl-C, where the
// store got to and how to carry on.

export function summary(path: string, s: IngestStats, ms: number): string {
  const secs = ms / 1000;
  const lines = [
    `ingested ${path}: ${s.items - s.resumedItems} items, ${s.observations} observations, ${s.rowsWritten} rows written in ${s.batches} batches, ${secs.toFixed(2)} s (${Math.round((s.items - s.resumedItems) / Math.max(secs, 0.001))} items/s)`,
  ];
  if (s.resumedFrom !== undefined)
    lines.push(
      `resumed after byte ${s.resumedFrom}${s.resumedItems > 0 ? `: ${s.resumedItems} items were already stored` : ""}`,
    );
  return [...lines, ...details(path, s)].join("\n") + "\n";
}

/** Skipped lines and damage, then one line: what is stored, up to where, and what a run again does. */
export function interruptedReport(
  path: string,
  s: IngestStats,
  o: { bytesRead: number; checkpointed: boolean },
): string {
  const stored = `${s.observations} observations stored`;
  let last: string;
  if (path === "-")
    last = `interrupted: ${stored} from standard input (${o.bytesRead} bytes read); standard input keeps no checkpoint`;
  else if (!o.checkpointed)
    last = `interrupted: ${stored} from ${path}; with --restart no checkpoint is kept: a run again cannot continue where this one stopped`;
  else
    last = `interrupted: ${stored} up to byte ${s.storedTo ?? s.resumedFrom ?? 0} of ${path}; run the same command again to continue`;
  return [...details(path, s), last].join("\n") + "\n";
}

function details(path: string, s: IngestStats): string[] {
  const lines: string[] = [];
  if (s.skipped.total > 0) {
    const reasons = [...s.skipped.reasons].map(([r, n]) => `${r} ${n}`).join(", ");
    lines.push(`skipped ${s.skipped.total}: ${reasons}`);
    for (const e of s.skipped.examples) lines.push(`  e.g. ${e}`);
  }
  // Damaged input is a warning, not a failure: everything readable is stored and
  // checkpointed, and no run again could read more (see --help).
  if (s.skipped.damage.size > 0)
    lines.push(
      `warning: ${path} is damaged (${[...s.skipped.damage].join("; ")}): what could be read is stored, the damaged part was skipped`,
    );
  return lines;
}
