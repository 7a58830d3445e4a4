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

/**
 * Many waits of one run (each read of an input) raced against one signal through a
 * single listener: an AbortSignal's listeners are too slow to add and remove per item.
 * Only the latest wait is woken; the run waits on one thing at a time.
 */
export class AbortRace {
  private wake: ((v: typeof INTERRUPTED) => void) | undefined;
  private readonly onAbort = (): void => this.wake?.(INTERRUPTED);

  constructor(private readonly signal: AbortSignal | undefined) {
    signal?.addEventListener("abort", this.onAbort, { once: true });
  }

  /** `p`, or INTERRUPTED as soon as the signal aborts (at once if it has); `p`'s later failure is swallowed. */
  race<T>(p: Promise<T>): Promise<T | typeof INTERRUPTED> {
    if (this.signal === undefined) return p;
    if (this.signal.aborted) {
      p.catch(() => undefined);
      return Promise.resolve(INTERRUPTED);
    }
    return new Promise((resolve, reject) => {
      this.wake = resolve;
      p.then(resolve, reject);
    });
  }

  dispose(): void {
    this.signal?.removeEventListener("abort", this.onAbort);
    this.wake = undefined;
  }
}
