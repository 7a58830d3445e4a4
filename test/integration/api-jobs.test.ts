// /api/v1/jobs over a real socket on 127.0.0.1: a chunked upload past the cap is
// refused 413 and its job failed; a client gone mid-upload fails its job and leaves
// no temp file; a bulk resolve against Knot on loopback stores every answer; and
// `dnsight serve --upload-max` sets the cap.
import assert from "node:assert/strict";
import { request, type ClientRequest, type IncomingMessage } from "node:http";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { newApiKey } from "../../src/api/keys.js";
import { JobRegistry, type JobView } from "../../src/api/jobs.js";
import { endpointOf } from "../../src/dns/client/endpoint.js";
import type { Observation } from "../../src/model/observation.js";
import { openStore } from "../../src/store/open.js";
import { startKnot, type KnotServer } from "../helpers/knot.js";
import { assertLoopback, freePort } from "../helpers/ports.js";
import { spawnServe } from "../helpers/serve.js";
import { zeekLog } from "../helpers/zeek-log.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { accepted, upload, waitJob } from "../unit/api/_jobs.js";
import { startRig, type SocketRig } from "../unit/api/_server.js";

const HOST = "127.0.0.1";
assertLoopback(HOST);
const N = 200;
const ZONE =
  "@ 300 SOA ns1 hostmaster 1 3600 900 604800 300\n@ 300 NS ns1\nns1 300 A 127.0.0.1\n" +
  Array.from({ length: N }, (_, i) => `h${i} 300 A 10.1.${i >> 8}.${i & 255}\n`).join("") +
  "h0 300 MX 10 mail\n" +
  Array.from({ length: 2000 }, (_, i) => `c${i} 300 A 10.2.${i >> 8}.${i & 255}\n`).join("");

/** A chunked POST of the ingest route, written by the test; resolves with the answer (if any). */
function chunkedUpload(
  rig: SocketRig,
  headers: Record<string, string> = {},
): { req: ClientRequest; answer: Promise<IncomingMessage | Error> } {
  const url = new URL(`${rig.base}/api/v1/jobs/ingest?format=zeek`);
  const req = request({
    host: url.hostname,
    port: url.port,
    path: url.pathname + url.search,
    method: "POST",
    headers: { "x-api-key": rig.adminKey, "content-type": "application/octet-stream", ...headers },
  });
  const answer = new Promise<IncomingMessage | Error>((resolve) => {
    req.once("response", resolve);
    req.once("error", resolve);
  });
  return { req, answer };
}

const uploadsLeft = (dir: string) =>
  readdirSync(dir).filter((f) => f.startsWith("dnsight-upload-"));

describe("/api/v1/jobs over a socket", () => {
  const tmp = makeTmpDir("api-jobs");
  let knot: KnotServer;
  let rig: SocketRig;
  const savedTmp = process.env.TMPDIR;
  before(async () => {
    knot = await startKnot({ zones: [{ origin: "jobs.test", text: ZONE }] });
    rig = await startRig(
      { uploadMax: 1 << 20, dns: { servers: [endpointOf(knot.host, knot.port)], nsPort: 53 } },
      [],
    );
    // The uploads' temp files go here, where the test can see them.
    process.env.TMPDIR = tmp.path;
  });
  after(async () => {
    // (process.env stores undefined as the string "undefined".)
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    await rig?.close();
    await knot?.stop();
    tmp.remove();
  });

  const jobs = async (): Promise<JobView[]> =>
    ((await (await rig.get("/api/v1/jobs")).json()) as { jobs: JobView[] }).jobs;

  it("refuses a chunked upload as it passes the cap: 413, the job failed, no file left", async () => {
    const { req, answer } = chunkedUpload(rig);
    const chunk = Buffer.alloc(64 << 10, "#\n");
    // 2 MiB against a 1 MiB cap, unless the server cuts it first.
    for (let i = 0; i < 32 && !req.destroyed; i++)
      await new Promise<void>((r) => req.write(chunk, () => r()));
    req.end();
    const res = await answer;
    assert.ok(!(res instanceof Error), String(res));
    assert.equal(res.statusCode, 413);
    res.resume();
    const [job] = await jobs();
    assert.equal(job!.state, "failed");
    assert.match(job!.error!, /larger than 1048576 bytes/);
    assert.deepEqual(uploadsLeft(tmp.path), []);
  });

  it("fails the job of a client gone mid-upload, and removes what it sent", async () => {
    const { req, answer } = chunkedUpload(rig, { "content-length": String(512 << 10) });
    req.write(Buffer.alloc(100 << 10, "#\n"));
    // The job exists once the server reads the body.
    const seen = await (async () => {
      for (let i = 0; i < 500; i++) {
        const j = (await jobs()).find((x) => x.state === "queued");
        if (j !== undefined && uploadsLeft(tmp.path).length === 1) return j;
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.fail("no upload under way");
    })();
    req.destroy();
    assert.ok((await answer) instanceof Error);
    const ended = await waitJob(rig, seen.id);
    assert.equal(ended.state, "failed");
    assert.match(ended.error!, /^the upload was cut short after \d+ bytes$/);
    assert.deepEqual(uploadsLeft(tmp.path), []);
  });

  it("closes the connection of an upload refused unread (a reader's), not reading on", async () => {
    const { req, answer } = chunkedUpload(rig, {
      "x-api-key": rig.key,
      "content-length": String(100 << 20),
    });
    req.write(Buffer.alloc(64 << 10, "#\n"));
    const res = await answer;
    assert.ok(!(res instanceof Error), String(res));
    assert.equal(res.statusCode, 403);
    res.resume();
    // The server hangs up at once (not after its keep-alive timeout, 5 s), though
    // 100 MiB were announced and 64 KiB sent.
    const t0 = Date.now();
    await new Promise<void>((resolve) => req.socket!.once("close", () => resolve()));
    assert.ok(Date.now() - t0 < 2000, `closed after ${Date.now() - t0} ms`);
    req.destroy();
  });

  it("resolves names against Knot as a job and stores every answer", async () => {
    const names = [...Array.from({ length: N }, (_, i) => `h${i}.jobs.test`), "nx.jobs.test"];
    const res = await rig.request("/api/v1/jobs/resolve", {
      method: "POST",
      headers: { "x-api-key": rig.adminKey, "content-type": "application/json" },
      body: JSON.stringify({ names, types: ["A", "mx"] }),
    });
    const job = await accepted(res);
    assert.equal(job.kind, "resolve");
    assert.equal(job.progress.unit, "names");
    const done = await waitJob(rig, job.id);
    assert.equal(done.state, "done", JSON.stringify(done));
    assert.deepEqual(done.progress, { done: N + 1, total: N + 1, unit: "names" });
    assert.deepEqual(done.result, {
      names: N + 1,
      answered: (N + 1) * 2,
      failed: 0,
      observations: N + 1,
    });
    const search = async (q: string) => {
      const r = await rig.get(`/api/v1/pdns/search?query=${q}&rrtype=ANY`);
      return ((await r.json()) as { rows: Observation[] }).rows.map(
        (o) => `${o.rrtype} ${o.rdata} ${o.source}`,
      );
    };
    assert.deepEqual(await search("h199.jobs.test"), ["A 10.1.0.199 active"]);
    assert.deepEqual((await search("h0.jobs.test")).sort(), [
      "A 10.1.0.0 active",
      "MX 10 mail.jobs.test. active",
    ]);
  });

  it("cancels a resolve under way: cancelled, the answers so far stored", async () => {
    // One name in 50 is in the zone (c0, c1...), the rest NXDOMAIN: 100,000 in all,
    // enough to be cancelled mid-run.
    const names = Array.from({ length: 100_000 }, (_, i) =>
      i % 50 === 0 ? `c${i / 50}.jobs.test` : `x${i}.jobs.test`,
    );
    const res = await rig.request("/api/v1/jobs/resolve", {
      method: "POST",
      headers: { "x-api-key": rig.adminKey, "content-type": "application/json" },
      body: JSON.stringify({ names }),
    });
    const job = await accepted(res);
    await waitJob(
      rig,
      job.id,
      (j) => j.progress.done > 1000 || !["queued", "running"].includes(j.state),
    );
    const del = await rig.request(`/api/v1/jobs/${job.id}`, {
      method: "DELETE",
      headers: { "x-api-key": rig.adminKey },
    });
    assert.equal(del.status, 200);
    const ended = await waitJob(rig, job.id);
    assert.equal(ended.state, "cancelled", JSON.stringify(ended));
    assert.ok(ended.progress.done < names.length, JSON.stringify(ended.progress));
    // What the run handed the store is stored: every answer it counted, no more.
    let stored = 0;
    for await (const batch of rig.store.scanObservations())
      stored += batch.filter((o) => /^c\d+\.jobs\.test$/.test(o.rrname)).length;
    assert.ok(stored > 0 && stored < 2000, `${stored} stored`);
    assert.equal(stored, ended.result!.observations);
  });

  it("refuses a bad name with 400 naming it, before a job", async () => {
    const count = (await jobs()).length;
    const res = await rig.request("/api/v1/jobs/resolve", {
      method: "POST",
      headers: { "x-api-key": rig.adminKey, "content-type": "application/json" },
      body: JSON.stringify({ names: ["ok.jobs.test", "bad..name"], types: ["A", "NOPE"] }),
    });
    assert.equal(res.status, 400);
    const p = (await res.json()) as { detail: string };
    assert.match(p.detail, /body field "names": name 1: /);
    assert.match(p.detail, /body field "types": type 1: unknown record type "NOPE"/);
    assert.equal((await jobs()).length, count);
  });
});

describe("a server closing with a job under way", () => {
  it("cancels the job and ends only once it stopped, its rows stored", async () => {
    const jobs = new JobRegistry();
    const rig = await startRig({ jobs }, []);
    try {
      const job = await accepted(await upload(rig, "format=zeek", zeekLog(400_000, 400_000)));
      await waitJob(rig, job.id, (j) => j.state === "running" && j.progress.done > 0);
      await rig.server.close(1000);
      const [ended] = jobs.list();
      assert.equal(ended!.state, "cancelled", JSON.stringify(ended));
      let stored = 0;
      for await (const batch of rig.store.scanObservations()) stored += batch.length;
      assert.ok(stored > 0 && stored === ended!.result!.rowsWritten, `${stored} stored`);
    } finally {
      await rig.close();
    }
  });
});

describe("dnsight serve --upload-max", () => {
  const tmp = makeTmpDir("serve-upload");
  after(() => tmp.remove());

  it("sets the upload cap: one byte over it is 413", async () => {
    const db = join(tmp.path, "s.db");
    const store = await openStore(db);
    const { key, stored } = newApiKey("admin", "admin");
    await store.apiKeys!.addApiKey(stored);
    await store.close();
    const port = await freePort(HOST);
    const serve = await spawnServe({ db, host: HOST, port, extra: ["--upload-max", "100"] });
    try {
      const rig = {
        adminKey: key,
        request: (
          path: string,
          init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array },
        ) => fetch(`http://${HOST}:${port}${path}`, init),
      } as unknown as SocketRig;
      const over = await upload(rig, "format=zeek", "#".repeat(101));
      assert.equal(over.status, 413);
      const at = await upload(rig, "format=zeek", "#".repeat(99) + "\n");
      assert.equal(at.status, 202);
    } finally {
      serve.child.kill("SIGTERM");
      await serve.exit;
    }
  });
});
