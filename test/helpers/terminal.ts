// A command run on a real terminal: util-linux `script` gives it a pty for stdin,
// stdout and stderr and copies all it draws, bars and erasures included.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

export interface Recording {
  status: number | null;
  /** Everything drawn, escape codes and carriage returns as they came. */
  screen: string;
}

/** Quotes words for `sh -c`. */
export const shellWords = (words: string[]): string =>
  words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(" ");

/** Runs a shell command line on a pty and records it; fails the test if `script` itself fails. */
export function onTerminal(
  commandLine: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Recording {
  const r = spawnSync("script", ["-qfec", commandLine, "/dev/null"], {
    encoding: "utf8",
    env,
    timeout: timeoutMs,
    maxBuffer: 64 << 20,
  });
  assert.ok(
    r.error === undefined && r.signal === null,
    `${r.signal ?? ""} ${r.error?.message ?? ""} ${r.stderr}`,
  );
  return { status: r.status, screen: r.stdout };
}

/** What is left on screen: each line as its last carriage return and erase-line codes leave it; blank lines dropped. */
export function screenLines(screen: string): string[] {
  return screen
    .split(/\r?\n/)
    .map((l) =>
      l
        .split("\r")
        .pop()!
        .replace(/\x1b\[K/g, ""),
    )
    .filter((l) => l.trim() !== "");
}

/** Every frame of the progress bar, in the order drawn. */
export function barFrames(screen: string): string[] {
  return [...screen.matchAll(/\r([^\r\n]*?)\x1b\[K/g)].map((m) => m[1]!).filter((f) => f !== "");
}

/** Asserts that a figure of the bar never went back from one frame to the next. */
export function assertMonotone(values: number[], what: string): void {
  for (let i = 1; i < values.length; i++)
    assert.ok(
      values[i]! >= values[i - 1]!,
      `the ${what} went back: ${values[i - 1]} then ${values[i]}`,
    );
}
