// Forgetting checkpoints on ClickHouse (contract: ObservationStore.forgetCheckpoints).
// `ingest_checkpoints` is an append-only log, so an input is forgotten whole, every row
// of it, and only when its newest row is older than the cutoff: trimming part of an
// input's log could leave a progress row without the checkpoint before it, which reads
// as a batch pending from offset 0. The rows go by ALTER … DELETE (a mutation, on 18.16
// too), waited for, so a read after the call no longer finds them. Mutations rewrite
// the table's parts; the log is small and this runs rarely (a collector: hourly).
import type { ClickHouseClient } from "./http-client.js";
import { quoteIdent } from "./sql-literal.js";

/** Inputs per DELETE: the list is in the statement text. */
const CHUNK = 2000;
const WAIT_MS = 60_000;

/** Inputs named `prefix…` in the log `ch` points at, each with its newest row's time (µs). */
export async function newestRows(
  ch: ClickHouseClient,
  prefix: string,
): Promise<Map<string, bigint>> {
  const rows = await ch.query<{ input: string; last: string }>(
    "SELECT input, max(at) AS last FROM ingest_checkpoints" +
      " WHERE substring(input, 1, length({p:String})) = {p:String} GROUP BY input",
    { params: { p: prefix } },
  );
  return new Map(rows.map((r) => [r.input, BigInt(r.last)]));
}

/** The inputs whose newest row, on every log that has them, is older than `before` (s). */
export function olderThan(logs: readonly Map<string, bigint>[], before: number): string[] {
  const cutoff = BigInt(Math.floor(before)) * 1_000_000n; // `at` is in microseconds
  const newest = new Map<string, bigint>();
  for (const log of logs)
    for (const [input, at] of log) if (at > (newest.get(input) ?? -1n)) newest.set(input, at);
  return [...newest].filter(([, at]) => at < cutoff).map(([input]) => input);
}

/** Deletes every row of `inputs` from the log, and waits until a read no longer finds them. */
export async function deleteInputs(
  ch: ClickHouseClient,
  database: string,
  inputs: readonly string[],
): Promise<void> {
  if (inputs.length === 0) return;
  const table = `${quoteIdent(database)}.${quoteIdent("ingest_checkpoints")}`;
  for (let i = 0; i < inputs.length; i += CHUNK)
    await ch.exec(`ALTER TABLE ${table} DELETE WHERE has({l:Array(String)}, input)`, {
      params: { l: inputs.slice(i, i + CHUNK) },
    });
  await mutationsDone(ch, database);
}

/** One server's forgetCheckpoints. */
export async function forgetCheckpoints(
  ch: ClickHouseClient,
  database: string,
  prefix: string,
  before: number,
): Promise<number> {
  const inputs = olderThan([await newestRows(ch, prefix)], before);
  await deleteInputs(ch, database, inputs);
  return inputs.length;
}

/** Waits until the log's mutations are applied (18.16 has no mutations_sync). */
async function mutationsDone(ch: ClickHouseClient, database: string): Promise<void> {
  const t0 = Date.now();
  for (let pause = 10; ; pause = Math.min(500, pause * 2)) {
    const [r] = await ch.query<{ n: string }>(
      "SELECT count() AS n FROM system.mutations" +
        " WHERE database = {d:String} AND table = 'ingest_checkpoints' AND is_done = 0",
      { params: { d: database } },
    );
    if (Number(r?.n ?? 0) === 0) return;
    if (Date.now() - t0 > WAIT_MS)
      throw new Error(`the checkpoint log's mutation is not done after ${WAIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
