// A promise raced against an AbortSignal: long work (an ingest, a monitor pass)
// stops waiting at once when it is told to stop (Ctrl-C), whatever it waited on.

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
