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

let signalled = false;

/** True once a watched SIGINT or SIGTERM came: main.ts then exits without waiting for abandoned work. */
export function interrupted(): boolean {
  return signalled;
}

export function watchInterrupt(): Interrupt {
  const ac = new AbortController();
  let by: NodeJS.Signals | undefined;
  const onSignal = (s: NodeJS.Signals): void => {
    by ??= s;
    signalled = true;
    ac.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    signal: ac.signal,
    status: () => (by === "SIGTERM" ? 0 : EXIT_INTERRUPTED),
    dispose() {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}

export const INTERRUPTED: unique symbol = Symbol("interrupted");

/**
 * `p`, or INTERRUPTED as soon as `signal` aborts. The abandoned promise's outcome
 * is swallowed: once the command gives up on it, a late failure (the store closed
 * under it) is nobody's to report.
 */
export function unlessInterrupted<T>(
  p: Promise<T>,
  signal: AbortSignal,
): Promise<T | typeof INTERRUPTED> {
  if (signal.aborted) {
    p.catch(() => undefined);
    return Promise.resolve(INTERRUPTED);
  }
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      p.catch(() => undefined);
      resolve(INTERRUPTED);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
