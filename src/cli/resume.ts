import {
  closeSync,
  createReadStream,
  existsSync,
  openSync,
  readSync,
  statSync,
  truncateSync,
} from "node:fs";
import { createInterface } from "node:readline";
import { DnsightError } from "../errors.js";

// `resolve --resume`: an interrupted run's --out file (JSON lines) says which names
// were answered; those are skipped and the file is appended to. A line cut by the
// interruption is dropped first, so the file stays one JSON object per line.

export interface ResumeState {
  /** True for a name (absolute query name) that has a result for every asked type. */
  isDone: (qname: string) => boolean;
  /** Names found done in the file. */
  doneNames: number;
}

const key = (name: string): string => name.toLowerCase().replace(/\.$/, "");

export async function readResumeState(
  path: string,
  types: readonly string[],
): Promise<ResumeState> {
  if (!existsSync(path)) return { isDone: () => false, doneNames: 0 };
  dropCutLine(path);
  const seen = new Map<string, Set<string>>();
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    n++;
    if (line.trim() === "") continue;
    let r: { name?: unknown; type?: unknown };
    try {
      r = JSON.parse(line) as typeof r;
    } catch {
      throw new DnsightError(
        "INPUT",
        `--resume: ${path} line ${n} is not JSON; resume reads what 'resolve --json --out' wrote`,
      );
    }
    if (typeof r.name !== "string" || typeof r.type !== "string") continue;
    const k = key(r.name);
    let set = seen.get(k);
    if (!set) seen.set(k, (set = new Set()));
    set.add(r.type);
  }
  const done = new Set<string>();
  for (const [name, got] of seen) if (types.every((t) => got.has(t))) done.add(name);
  return { isDone: (q) => done.has(key(q)), doneNames: done.size };
}

/** Cuts the file back to its last newline: the interrupted write's half line goes. */
function dropCutLine(path: string): void {
  const size = statSync(path).size;
  if (size === 0) return;
  const fd = readTail(path, Math.min(size, 1 << 20));
  const lastNl = fd.lastIndexOf(0x0a);
  if (lastNl === fd.length - 1) return;
  truncateSync(path, lastNl < 0 ? size - fd.length : size - fd.length + lastNl + 1);
}

function readTail(path: string, bytes: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(bytes);
    readSync(fd, buf, 0, bytes, statSync(path).size - bytes);
    return buf;
  } finally {
    closeSync(fd);
  }
}
