// Idempotent ingest on ClickHouse 18.16 (src/store/clickhouse/obs-writer.ts): each piece
// of a batch is one Native block carrying its progress row, stored whole or not at all,
// so an ingest killed anywhere and resumed ends with exactly the store a clean run leaves.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { Observation } from "../../src/model/observation.js";
import { openClickHouseStore } from "../../src/store/clickhouse/clickhouse-store.js";
import { createClickHouseClient } from "../../src/store/clickhouse/http-client.js";
import { obsBlock } from "../../src/store/clickhouse/obs-block.js";
import { completeStore } from "../../src/store/derive.js";
import type { Store } from "../../src/store/types.js";
import { obs } from "../unit/store/_helpers.js";
import { resumeBatches } from "../unit/store/_resume-batches.js";
import { sharedClickHouse } from "../helpers/clickhouse.js";

const CHILD = fileURLToPath(new URL("./_ch-sliced-writer.ts", import.meta.url));
after(async () => (await sharedClickHouse()).stop());

async function fresh(): Promise<{ url: string; db: string; port: number }> {
  const node = await sharedClickHouse();
  const db = `ingest_${randomBytes(6).toString("hex")}`;
  return { url: `clickhouse://${node.host}:${node.httpPort}/${db}`, db, port: node.httpPort };
}

async function all(s: Store): Promise<Observation[]> {
  const out: Observation[] = [];
  for await (const page of s.scanObservations(10_000)) out.push(...page);
  return out;
}

/** Rows in each table of `db`, as the server holds them (unmerged parts counted apart). */
async function counts(port: number, db: string): Promise<Record<string, number>> {
  const ch = createClickHouseClient({ host: "127.0.0.1", port, database: db });
  try {
    const out: Record<string, number> = {};
    for (const t of ["observations", "obs_by_rdata", "obs_by_ip", "ingest_checkpoints"]) {
      const [r] = await ch.query<{ n: string }>(`SELECT count() AS n FROM ${t}`);
      out[t] = Number(r!.n);
    }
    return out;
  } finally {
    ch.close();
  }
}

/** POSTs `body` as an INSERT but sends only its first `cut` bytes, then FIN (a dying client). */
function cutInsert(port: number, db: string, body: Buffer, cut: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, "127.0.0.1", () => {
      s.write(
        `POST /?database=${db}&query=INSERT%20INTO%20obs_in%20FORMAT%20Native HTTP/1.1\r\n` +
          `Host: 127.0.0.1\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
      );
      s.end(body.subarray(0, cut));
    });
    let reply = "";
    s.on("data", (d: Buffer) => (reply += d.toString("latin1")));
    s.on("error", reject);
    s.on("close", () => resolve(reply.split("\r\n")[0] ?? ""));
  });
}

describe("ClickHouse ingest, idempotent without insert dedup", () => {
  it("stores a Native block cut short anywhere not at all, and whole when whole", async () => {
    const { url, db, port } = await fresh();
    await (await openClickHouseStore(url)).close();
    const rows = Array.from({ length: 40 }, (_, i) =>
      obs({
        rrname: `n${i}.example.com`,
        rrtype: i % 2 ? "A" : "CNAME",
        rdata: i % 2 ? `192.0.2.${i}` : `t${i}.example.net.`,
      }),
    );
    const body = obsBlock(rows, [{ kind: 1, input: "f", endOffset: 9, rowsIn: 40, at: 1n }]);
    // Cuts in every column (the block holds 18), and one byte short of the end.
    const cuts = [1, 3, 40, body.length - 1];
    for (let c = 64; c < body.length; c += Math.floor(body.length / 23)) cuts.push(c);
    for (const cut of cuts) {
      const status = await cutInsert(port, db, body, cut);
      assert.match(status, /^HTTP\/1\.1 500/, `cut at ${cut} of ${body.length}`);
      assert.deepEqual(
        await counts(port, db),
        { observations: 0, obs_by_rdata: 0, obs_by_ip: 0, ingest_checkpoints: 0 },
        `cut at ${cut} of ${body.length}: nothing stored`,
      );
    }
    assert.match(await cutInsert(port, db, body, body.length), /^HTTP\/1\.1 200/);
    assert.deepEqual(await counts(port, db), {
      observations: 40,
      obs_by_rdata: 20,
      obs_by_ip: 20,
      ingest_checkpoints: 1,
    });
  });

  // The second batch merges to 5000 rows: 20 pieces of 250: killed as soon as `pieces` are seen in,
  // the child is in the middle of the next one (sending its body, or between two).
  for (const pieces of [1, 6, 14]) {
    it(
      `killed (SIGKILL) after ${pieces} of 20 pieces of a batch, resumes to exactly a clean run`,
      {
        timeout: 120_000,
      },
      async () => {
        const [first, second] = resumeBatches();
        const clean = completeStore(await openClickHouseStore((await fresh()).url));
        await clean.writeObservations(first.rows, first.checkpoint);
        await clean.writeObservations(second.rows, second.checkpoint);
        const expected = await all(clean);
        await clean.close();

        const { url, db, port } = await fresh();
        const child = spawn(process.execPath, ["--import", "tsx", CHILD, url, "250"], {
          stdio: ["ignore", "ignore", "pipe"],
        });
        let stderr = "";
        child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
        const exited = new Promise<void>((r) => child.on("exit", () => r()));
        const ch = createClickHouseClient({ host: "127.0.0.1", port, database: db });
        let started = false;
        for (let i = 0; i < 6000 && !started; i++) {
          await sleep(5);
          const r = await ch
            .query<{ n: string }>(
              "SELECT count() AS n FROM ingest_checkpoints WHERE kind = 1 AND end_offset = 500",
            )
            .catch(() => [{ n: "0" }]); // not created yet
          started = Number(r[0]?.n) >= pieces;
        }
        ch.close();
        child.kill("SIGKILL");
        await exited;
        assert.ok(started, `the child never began the second batch; stderr: ${stderr}`);

        const s = completeStore(await openClickHouseStore(url));
        try {
          const cp = await s.readCheckpoint("f");
          assert.deepEqual(cp, { input: "f", offset: 100, pendingEnd: 500 }, "killed mid-batch");
          const partial = await all(s);
          assert.ok(partial.length < expected.length, `${partial.length} rows: not all in yet`);
          await s.writeObservations(second.rows, second.checkpoint);
          assert.deepEqual(await all(s), expected);
          assert.deepEqual(await s.readCheckpoint("f"), { input: "f", offset: 500 });
        } finally {
          await s.close();
        }
      },
    );
  }
});
