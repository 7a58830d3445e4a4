// Ctrl-C for long commands: the first SIGINT (or SIGTERM) aborts a signal the
// command watches, so it can stop at once, keep what finished and say so; work
// still under way is abandoned. Exit status 130 (128 + SIGINT) as shells expect;
// SIGTERM, how a service manager stops a service, is a clean stop (0).

export const EXIT_INTERRUPTED = 130;

export interface Interrupt {
  readonly signal: AbortSignal;
  /** The exit status for the signal that came: 130 for Ctrl-C, 0 for SIGTERM (a service stopped). */
  readonly status: () => number;
  /** Stops listening for the signals. */
  dispose(): void;
}

// The flag lives on the process under a registry symbol, not in this module: the CLI
// bundles each command apart from its entry (scripts/build-cli.mjs), and main.ts's copy
// of this module must see the signal that a command's copy caught.
const SIGNALLED = Symbol.for("dnsight.interrupted");
const flags = process as { [SIGNALLED]?: boolean };

/** True once a watched SIGINT or SIGTERM came: main.ts then exits without waiting for abandoned work. */
export function interrupted(): boolean {
  return flags[SIGNALLED] === true;
}

/**
 * With `once`, only the first signal is caught: a second Ctrl-C ends the process at
 * once, for commands whose store is safe from a kill at any point (ingest) and whose
 * user may not want to wait for the last write.
 */
export function watchInterrupt(o: { once?: boolean } = {}): Interrupt {
  const ac = new AbortController();
  let by: NodeJS.Signals | undefined;
  const dispose = (): void => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
  const onSignal = (s: NodeJS.Signals): void => {
    by ??= s;
    flags[SIGNALLED] = true;
    if (o.once === true) dispose();
    ac.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    signal: ac.signal,
    status: () => (by === "SIGTERM" ? 0 : EXIT_INTERRUPTED),
    dispose,
  };
}

// Racing a promise against the signal lives beside AbortSignal, for the library too.
export { INTERRUPTED, unlessInterrupted } from "../util/abort.js";
