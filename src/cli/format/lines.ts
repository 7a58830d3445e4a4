import type { DnsResult } from "../../dns/result.js";

/**
 * Plain output of `resolve`: answer records in zone-file form, one per line (like
 * massdns -o S), and a comment line for a name with no answer, so nothing is silent.
 */
export function formatAnswerLines(r: DnsResult): string {
  if (r.answers.length === 0) return `;${r.name}.\t${r.type}\t${r.status}\n`;
  let out = "";
  for (const a of r.answers) out += `${a.name === "." ? "" : a.name}.\t${a.ttl}\t${a.class}\t${a.type}\t${a.data}\n`;
  return out;
}
