import type { DnsResult } from "../result.js";

// How `resolve` prints a result. Kept beside the engine because a worker thread
// formats its own results; only text crosses back to the main thread.

export type ResultFormat = "json" | "lines";

/**
 * Plain output: answer records in zone-file form, one per line (like massdns -o S),
 * and a comment line for a name with no answer, so nothing is silent.
 */
export function formatAnswerLines(r: DnsResult): string {
  if (r.answers.length === 0) return `;${r.name}.\t${r.type}\t${r.status}\n`;
  let out = "";
  for (const a of r.answers)
    out += `${a.name === "." ? "" : a.name}.\t${a.ttl}\t${a.class}\t${a.type}\t${a.data}\n`;
  return out;
}

export function formatResult(r: DnsResult, format: ResultFormat): string {
  return format === "json" ? JSON.stringify(r) + "\n" : formatAnswerLines(r);
}
