import type { DnsightError } from "../../errors.js";

// How each part of the SQLite store runs a step: refused once the store is closed,
// and any failure of the driver reported as the store's error naming the step.

export type Guarded = <T>(op: string, fn: () => T) => T;

export function guardedRun(
  ensureOpen: (op: string) => void,
  fail: (op: string, e: unknown) => DnsightError,
): Guarded {
  return (op, fn) => {
    ensureOpen(op);
    try {
      return fn();
    } catch (e) {
      throw fail(op, e);
    }
  };
}
