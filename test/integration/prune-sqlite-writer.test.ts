// A big prune on SQLite holds the one write lock only briefly at a time: while
// `dnsight prune` deletes 150k of 300k rows in another process, this process keeps
// writing with a lock timeout far below what one DELETE of them all takes, and every
// write gets in, some of them while the prune is half done.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { after, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import type { Observation } from "../../src/model/observation.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import { makeTmpDir } from "../helpers/tmp.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const tmp = makeTmpDir("prune-lock");
after(() => tmp.remove());

const ROWS = 300_000;
const OLD = 1_500_000_000;
const now = Math.floor(Date.now() / 1000);

it(
  "lets another process write all through a prune of 150k rows",
  { timeout: 300_000 },
  async () => {
    const path = join(tmp.path, "big.db");
    const seed = await openSqliteStore(path);
    for (let i = 0; i < ROWS; i += 25_000) {
      const batch: Observation[] = [];
      for (let j = i; j < i + 25_000; j++)
        batch.push({
          rrname: `h${j}.example.com`,
          rrtype: "A",
          rdata: `10.${(j >> 16) & 255}.${(j >> 8) & 255}.${j & 255}`,
          timeFirst: OLD,
          // Every other row old: the deletes spread over the whole table.
          timeLast: j % 2 === 0 ? OLD : now,
          count: 1,
          source: "passive",
        });
      await seed.writeObservations(batch);
    }
    await seed.close();

    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", "prune", "--older-than", "30d", "--db", path],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));

    // One DELETE of 150k rows holds the lock far longer (measured ~0.7 s alone, more on a
    // loaded machine); the prune's ranges aim at a fraction of 250 ms.
    const writer = await openSqliteStore(path, { lockTimeoutMs: 400 });
    const reader = new Database(path, { readonly: true });
    const oldLeft = reader
      .prepare(`SELECT count(*) FROM observations WHERE time_last = ${OLD}`)
      .pluck();
    let writes = 0;
    let midway = 0;
    let slowest = 0;
    try {
      while (child.exitCode === null) {
        const left = oldLeft.get() as number;
        if (left > 0 && left < ROWS / 2) midway++;
        const t0 = performance.now();
        await writer.writeObservations([
          {
            rrname: `new${writes}.example.org`,
            rrtype: "A",
            rdata: "192.0.2.1",
            timeFirst: now,
            timeLast: now,
            count: 1,
            source: "passive",
          },
        ]);
        slowest = Math.max(slowest, performance.now() - t0);
        writes++;
        await sleep(5);
      }
    } finally {
      reader.close();
    }
    assert.equal(await exited, 0, out);
    assert.match(out, /^removed 150,000 observations last seen before /);
    assert.ok(
      midway >= 3,
      `${midway} writes came while the prune was part way (of ${writes}); slowest ${slowest} ms`,
    );
    const kept = await writer.scanObservations(1_000_000)[Symbol.asyncIterator]().next();
    const rows = kept.value as Observation[];
    assert.equal(rows.length, ROWS / 2 + writes, "every write is there, every old row gone");
    assert.ok(rows.every((o) => o.timeLast === now));
    await writer.close();
  },
);
