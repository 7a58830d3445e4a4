import { DnsightError } from "../errors.js";
import type { Observation } from "../model/observation.js";
import { mergeObservation, observationKey } from "./merge.js";
import { assertObservation } from "./check.js";
import type { ObservationStore } from "./types.js";

// Collectors produce one delta per answer record; the store wants few, large batches.
// The batcher sits between: it merges repeats in memory (a busy name seen 10k times
// a minute becomes one row) and writes every `maxItems` distinct keys or `maxDelayMs`.
// A full batch is handed to the store inside add() itself, so a synchronous backend
// (SQLite) writes it on the spot and memory stays bounded even for a producer that
// never yields; an asynchronous one reports back-pressure through add()'s result.

export interface BatcherOptions {
  /** Write when this many distinct keys are waiting (default 1000). */
  maxItems?: number;
  /** Write at most this long after the first delta of a batch arrived (default 1000 ms). */
  maxDelayMs?: number;
  /** add() returns false while this many writes are unfinished (default 4). */
  maxInFlight?: number;
}

export interface ObservationBatcher {
  /**
   * Buffers one delta. Returns false when the store is behind (like a stream's
   * write()): await flush() before adding more. Throws at once for an invalid delta
   * (DnsightError "INPUT"), and throws, once, the error of a failed background write;
   * that write's rows stay buffered and are retried, so nothing is dropped unheard.
   */
  add(o: Observation): boolean;
  /** Resolves when everything added so far is in the store; rejects with the write error. */
  flush(): Promise<void>;
  /** Flushes and refuses further adds. The store stays open: it belongs to the caller. */
  close(): Promise<void>;
  /** Distinct keys buffered and not yet handed to the store. */
  readonly pending: number;
}

function positive(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new DnsightError("USAGE", `${what} must be a positive integer, got ${value}`);
  return value;
}

export function createObservationBatcher(
  store: Pick<ObservationStore, "writeObservations">,
  options: BatcherOptions = {},
): ObservationBatcher {
  const maxItems = positive(options.maxItems ?? 1000, "batch size");
  const maxInFlight = positive(options.maxInFlight ?? 4, "writes in flight");
  const maxDelayMs = options.maxDelayMs ?? 1000;
  if (!(maxDelayMs >= 0))
    throw new DnsightError("USAGE", `batch delay must be >= 0 ms, got ${maxDelayMs}`);

  let buffer = new Map<string, Observation>();
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const merge = (key: string, o: Observation): void => {
    const prev = buffer.get(key);
    buffer.set(key, prev === undefined ? o : mergeObservation(prev, o));
  };

  /** Hands the buffer to the store; batches may overlap, as the contract allows. */
  function cut(): void {
    clearTimeout(timer);
    timer = undefined;
    if (buffer.size === 0) return;
    const rows = [...buffer.values()];
    buffer = new Map();
    let write: Promise<void>;
    try {
      write = store.writeObservations(rows);
    } catch (e) {
      write = Promise.reject(e); // a backend that throws instead of rejecting
    }
    const tracked: Promise<void> = write.then(
      () => void inFlight.delete(tracked),
      (e: unknown) => {
        inFlight.delete(tracked);
        // Merging is commutative, so putting the rows back beside newer ones is exact.
        for (const o of rows) merge(observationKey(o), o);
        failure ??= e;
      },
    );
    inFlight.add(tracked);
  }

  async function flush(): Promise<void> {
    cut();
    while (inFlight.size > 0) await Promise.all(inFlight);
    if (failure !== undefined) {
      const e = failure;
      failure = undefined; // reported here, not again by add()
      throw e;
    }
  }

  return {
    add(o) {
      if (closed) throw new DnsightError("INTERNAL", "observation batcher is closed");
      if (failure !== undefined) {
        const e = failure;
        failure = undefined;
        throw e;
      }
      assertObservation(o);
      merge(observationKey(o), { ...o });
      if (buffer.size >= maxItems) cut();
      // Not unref'd: a caller that forgets close() still gets its rows written.
      else timer ??= setTimeout(cut, maxDelayMs);
      return inFlight.size < maxInFlight;
    },

    flush,

    async close() {
      closed = true;
      await flush();
    },

    get pending() {
      return buffer.size;
    },
  };
}
