// Bench (issue 17, cold rdata-name queries): what the covering rdata-name index
// (migration 15: times, count and source in the index, so a page is read from the
// index alone) costs on ingest. The same deltas (the pdns-query generator, Zipf
// names, re-sightings that move times and counts) written into two fresh SQLite stores,
// one with the covering index, one with the index as it was before (key columns only),
// alternating, three rounds; rows/s of each and the ratio. The query side is
// `npm run bench -- pdns-query` (cold and warm p99 at 10M rows).
import Database from "better-sqlite3";
import { join } from "node:path";
import { openSqliteStore } from "../src/store/sqlite/sqlite-store.js";
import { makeTmpDir } from "../test/helpers/tmp.js";
import { storeRows } from "./_pdns-gen.js";
import { fmt } from "./_util.js";

const ROWS = Number(process.env.BENCH_RDATA_INDEX_ROWS ?? 1_000_000);
const BATCH = 50_000;
const ROUNDS = 3;

/** The rdata-name index before migration 15: the search key only. */
const KEY_ONLY = `
  DROP INDEX observations_rdata_name;
  CREATE INDEX observations_rdata_name
    ON observations (rdata_name, rdata, rrname, rrtype, bailiwick, sensor_id)
    WHERE rdata_name IS NOT NULL;`;

async function write(path: string, covering: boolean): Promise<number> {
  const store = await openSqliteStore(path);
  await store.close();
  if (!covering) {
    const db = new Database(path);
    db.exec(KEY_ONLY);
    db.close();
  }
  const s = await openSqliteStore(path);
  try {
    const t0 = performance.now();
    for (const batch of storeRows(ROWS, BATCH)) await s.writeObservations(batch);
    return (performance.now() - t0) / 1000;
  } finally {
    await s.close();
  }
}

export async function benchRdataIndexCost(): Promise<boolean> {
  const tmp = makeTmpDir("bench-rdata-index");
  try {
    console.log(
      `rdata-name index on ingest: ${fmt(ROWS)} deltas (the pdns-query generator) into a fresh SQLite store, covering index (migration 15) beside the key-only index it replaced; ${ROUNDS} rounds`,
    );
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate which goes first, so neither always gets the cooler disk.
      const order = round % 2 === 1 ? [false, true] : [true, false];
      const secs = new Map<boolean, number>();
      for (const covering of order)
        secs.set(covering, await write(join(tmp.path, `r${round}-${covering}.db`), covering));
      const keyOnly = ROWS / secs.get(false)!;
      const cover = ROWS / secs.get(true)!;
      console.log(
        `  round ${round}: key-only index ${fmt(keyOnly)} rows/s; covering ${fmt(cover)} rows/s; ratio ${(cover / keyOnly).toFixed(2)} (the cost of a page from the index alone)`,
      );
    }
    return true;
  } finally {
    tmp.remove();
  }
}
