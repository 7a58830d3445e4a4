// dig's answer section as records, for tests that compare what a resolver handed a
// client with what a collector stored (TTLs left out: a cache ages them).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { assertLoopback } from "./ports.js";

const run = promisify(execFile);

export interface DigRecord {
  name: string;
  type: string;
  data: string;
}

/** Asks `name`/`type` at host:port (loopback only), one try of 2 s. */
export async function digAnswers(
  host: string,
  port: number,
  name: string,
  type: string,
): Promise<DigRecord[]> {
  assertLoopback(host);
  const { stdout } = await run("dig", [
    `@${host}`,
    "-p",
    String(port),
    "+retry=1",
    "+time=2",
    "+noall",
    "+answer",
    name,
    type,
  ]);
  return stdout
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith(";"))
    .map((l) => {
      const m = /^(\S+)\s+\d+\s+IN\s+(\S+)\s+(.*)$/.exec(l);
      if (!m) throw new Error(`not a dig answer line: ${l}`);
      return { name: m[1]!, type: m[2]!, data: m[3]! };
    });
}
