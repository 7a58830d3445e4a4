// Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went: self time
// per function, and per part of the code (the parser, the store, node's own), so a
// bench can show whether a pipeline is limited by its parsing or by its store.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time per function ("name (file:line)"), largest first. */
  functions: Array<{ name: string; ms: number }>;
  /** Self time per part, as `partOf` names them. */
  parts: Array<{ part: string; ms: number }>;
}

/** The part of the code a frame belongs to, by its file. */
export type PartOf = (url: string, functionName: string) => string;

export const defaultParts: PartOf = (url, fn) => {
  if (fn === "(garbage collector)") return "garbage collection";
  if (fn === "(idle)" || fn === "(program)") return fn.slice(1, -1);
  if (url.includes("/store/clickhouse/")) return "store: clickhouse client (encode, send)";
  if (url.includes("/store/sqlite/") || url.includes("better-sqlite3")) return "store: sqlite";
  if (url.includes("/store/")) return "store: merge, checks";
  if (url.includes("/passive/") || url.includes("/bulk/")) return "parse + aggregate";
  if (url.startsWith("node:") || url === "") return "node (streams, buffers, I/O)";
  if (url.includes("/src/")) return "other dnsight";
  return "other";
};

/** Each thread's profile in `dir` (node writes CPU.date.time.PID.TID.SEQ.cpuprofile), by thread id. */
export function summarizeProfileDir(
  dir: string,
  partOf: PartOf = defaultParts,
): Array<{ thread: number; summary: ProfileSummary }> {
  const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}`);
  return files
    .map((f) => ({
      thread: Number(f.split(".").at(-3)),
      summary: summarizeProfile(JSON.parse(readFileSync(join(dir, f), "utf8")) as Profile, partOf),
    }))
    .sort((a, b) => a.thread - b.thread);
}

export function summarizeProfile(p: Profile, partOf: PartOf = defaultParts): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++)
    self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  const fn = new Map<string, number>();
  const part = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const file = url.replace(/^.*\/(src|node_modules)\//, "$1/");
    const name = `${functionName || "(anonymous)"} (${file || "native"}:${lineNumber + 1})`;
    fn.set(name, (fn.get(name) ?? 0) + us);
    const k = partOf(url, functionName);
    part.set(k, (part.get(k) ?? 0) + us);
    total += us;
  }
  const sorted = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).map(([k, us]) => [k, us / 1000] as const);
  return {
    totalMs: total / 1000,
    functions: sorted(fn).map(([name, ms]) => ({ name, ms })),
    parts: sorted(part).map(([part, ms]) => ({ part, ms })),
  };
}

/** Prints the parts and the top `n` functions, each with its share. */
export function printProfile(s: ProfileSummary, n = 12, indent = "    "): void {
  const pct = (ms: number) => `${((100 * ms) / s.totalMs).toFixed(1).padStart(5)}%`;
  console.log(`${indent}self time by part (${(s.totalMs / 1000).toFixed(2)} s sampled):`);
  for (const p of s.parts) console.log(`${indent}  ${pct(p.ms)}  ${p.part}`);
  console.log(`${indent}top ${n} functions by self time:`);
  for (const f of s.functions.slice(0, n)) console.log(`${indent}  ${pct(f.ms)}  ${f.name}`);
}
