// Forgetting checkpoints on SQLite (contract: ObservationStore.forgetCheckpoints). An
// input's checkpoint is one row, its pending state rows beside it under the input's
// key and a NUL suffix (_observation-writer.ts); an input is forgotten with all its
// rows, and only when the newest of them is older than the cutoff. One short write
// transaction: the rows are few (a collector forgets an hour of batches at a time).
import type Database from "better-sqlite3";
import { withWriteLock, type LockWaitOptions } from "./_lock-wait.js";

export interface ForgetLockOptions extends LockWaitOptions {
  busyTimeoutMs: number;
}

export function sqliteForgetCheckpoints(db: Database.Database, o: ForgetLockOptions) {
  // substr counts characters, as the prefix's length below does.
  const base =
    "CASE WHEN instr(input, char(0)) > 0 THEN substr(input, 1, instr(input, char(0)) - 1) ELSE input END";
  const old = db.prepare(
    `SELECT ${base} AS base FROM ingest_checkpoints WHERE substr(input, 1, ?) = ?` +
      ` GROUP BY base HAVING max(updated_at) < ?`,
  );
  const del = db.prepare(
    `DELETE FROM ingest_checkpoints WHERE input = ? OR input > ? AND input < ?`,
  );
  const forget = db.transaction((prefix: string, before: number): number => {
    const inputs = (old.all([...prefix].length, prefix, before) as { base: string }[]).map(
      (r) => r.base,
    );
    // The input's own row, and its rows keyed input + NUL + suffix (before input + \u0001).
    for (const i of inputs) del.run(i, `${i}\u0000`, `${i}\u0001`);
    return inputs.length;
  });
  return (prefix: string, before: number): Promise<number> =>
    withWriteLock(db, o.busyTimeoutMs, o, () => forget.immediate(prefix, before));
}
