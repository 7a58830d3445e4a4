import type { RegistrationRecord } from "../model/registration.js";
import { diffRecords, type FieldChange } from "./diff.js";

// The field changes from one stored snapshot of a registration to the next
// (`dnsight registration history`'s changes), newest pair first. A throttled answer
// says nothing of the registration: it is left out rather than shown as the record
// vanishing and coming back.

export interface SnapshotDiff {
  /** fetchedAt of the older and the newer snapshot, epoch seconds. */
  from: number;
  to: number;
  changes: FieldChange[];
}

/** A stored snapshot as far as a diff needs it (the store's RegistrationSnapshot is one). */
export interface DatedRecord {
  fetchedAt: number;
  record: RegistrationRecord;
}

/** `snapshots` oldest first, as the store's listSnapshots gives them. */
export function snapshotDiffs(snapshots: readonly DatedRecord[]): SnapshotDiff[] {
  const real = snapshots.filter((s) => s.record.status !== "throttled");
  const out: SnapshotDiff[] = [];
  for (let i = real.length - 1; i > 0; i--) {
    const before = real[i - 1]!;
    const after = real[i]!;
    out.push({
      from: before.fetchedAt,
      to: after.fetchedAt,
      changes: diffRecords(before.record, after.record),
    });
  }
  return out;
}
