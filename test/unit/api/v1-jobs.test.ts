// /api/v1/jobs with uploads: a pcap (the shipped sample and a generated capture), a
// Zeek dns.log and COF ingested as jobs whose rows then answer a passive DNS search;
// a large log cancelled mid-ingest keeps what it stored; an upload over the cap, of
// the wrong type, empty, or from a reader is refused and leaves no job or row.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { Observation } from "../../../src/model/observation.js";
import { capture } from "../../helpers/pcap.js";
import { zeekLog } from "../../helpers/zeek-log.js";
import { accepted, getJob, upload, waitJob } from "./_jobs.js";
import { inProcessRig, type ApiRig } from "./_server.js";
import { addUser, logIn } from "./_session.js";
import { answerChecker, fetchDoc, operations } from "./_v1.js";

async function search(rig: ApiRig, query: string): Promise<Observation[]> {
  const res = await rig.get(`/api/v1/pdns/search?query=${encodeURIComponent(query)}&limit=1000`);
  assert.equal(res.status, 200);
  return ((await res.json()) as { rows: Observation[] }).rows;
}

async function countRows(rig: ApiRig): Promise<number> {
  let n = 0;
  for await (const batch of rig.store.scanObservations(10_000)) n += batch.length;
  return n;
}

describe("/api/v1/jobs: uploads", () => {
  let rig: ApiRig;
  before(async () => {
    rig = await inProcessRig({ uploadMax: 64 << 20 }, []);
  });
  after(() => rig.close());

  it("ingests the shipped pcap sample as a job whose rows the search then finds", async () => {
    const bytes = readFileSync("examples/dns-sample.pcap");
    const job = await accepted(await upload(rig, "format=pcap&sensor=lab-1", bytes));
    assert.equal(job.kind, "ingest");
    assert.ok(["queued", "running"].includes(job.state));
    assert.equal(job.progress.unit, "bytes");
    const done = await waitJob(rig, job.id);
    assert.equal(done.state, "done", JSON.stringify(done));
    assert.equal(done.progress.done, bytes.length);
    assert.equal(done.progress.total, bytes.length);
    assert.ok(done.result!.observations! > 0 && done.result!.rowsWritten! > 0);
    assert.equal(done.result!.bytes, bytes.length);
    const rows = await search(rig, "api.example.com");
    assert.deepEqual(
      rows.filter((r) => r.rrtype === "A").map((r) => [r.rdata, r.sensorId]),
      [["198.51.100.7", "lab-1"]],
    );
    // The answer and the job match the document.
    const doc = await fetchDoc(rig);
    const check = answerChecker(doc);
    const op = operations(doc).find((o) => o.method === "GET" && o.path === "/jobs/{id}")!;
    check(op, 200, "application/json", { job: done });
  });

  it("ingests a generated capture, a Zeek dns.log and COF, each row findable", async () => {
    const pcap = await accepted(await upload(rig, "format=pcap", capture(40).bytes));
    const zeek = await accepted(await upload(rig, "format=zeek", zeekLog(30, 30)));
    const cof = [
      {
        rrname: "cof.example.org",
        rrtype: "A",
        rdata: "203.0.113.77",
        time_first: 1.7e9,
        time_last: 1.7e9 + 60,
        count: 3,
      },
      {
        rrname: "cof.example.org",
        rrtype: "TXT",
        rdata: ['"<img src=x onerror=alert(1)>"'],
        time_first: 1.7e9,
        time_last: 1.7e9,
        count: 1,
      },
    ]
      .map((l) => JSON.stringify(l))
      .join("\n");
    const c = await accepted(await upload(rig, "format=cof", cof + "\n"));
    for (const j of [pcap, zeek, c]) assert.equal((await waitJob(rig, j.id)).state, "done");
    assert.deepEqual(
      (await search(rig, "r17.example")).map((r) => r.rdata),
      ["192.0.2.17"],
    );
    assert.deepEqual(
      (await search(rig, "h7.example.com")).map((r) => `${r.rrtype} ${r.rdata}`),
      ["CNAME alias7.cdn.example.net."],
    );
    assert.deepEqual(
      (await search(rig, "alias7.cdn.example.net")).map((r) => `${r.rrtype} ${r.rdata}`),
      ["A 198.51.0.7"],
    );
    const cofRows = await search(rig, "cof.example.org");
    assert.deepEqual(cofRows.map((r) => `${r.rrtype} ${r.rdata} ${r.count}`).sort(), [
      "A 203.0.113.77 3",
      'TXT "<img src=x onerror=alert(1)>" 1',
    ]);
    // Newest first.
    const list = (await (await rig.get("/api/v1/jobs")).json()) as { jobs: Array<{ id: string }> };
    assert.deepEqual(
      list.jobs.slice(0, 3).map((j) => j.id),
      [c.id, zeek.id, pcap.id],
    );
  });

  it("fails a log in the wrong format with one clear line, storing nothing", async () => {
    const job = await accepted(await upload(rig, "format=cof", zeekLog(5, 5)));
    const done = await waitJob(rig, job.id);
    assert.equal(done.state, "failed");
    assert.match(
      done.error!,
      /^the upload is not a cof log: all \d+ lines were rejected; it looks like zeek$/,
    );
  });

  it("cancels a large ingest under way: its state is cancelled, what it stored stays", async () => {
    const before = await countRows(rig);
    const log = zeekLog(400_000, 400_000);
    const job = await accepted(await upload(rig, "format=zeek", log));
    await waitJob(rig, job.id, (j) => j.state === "running" && j.progress.done > 0);
    const res = await rig.request(`/api/v1/jobs/${job.id}`, {
      method: "DELETE",
      headers: { "x-api-key": rig.adminKey },
    });
    assert.equal(res.status, 200);
    const ended = await waitJob(rig, job.id);
    assert.equal(ended.state, "cancelled", JSON.stringify(ended));
    assert.ok(ended.progress.done < log.length, `${ended.progress.done} of ${log.length}`);
    const stored = (await countRows(rig)) - before;
    // Two rows a line (a CNAME and an A): some stored, not all.
    assert.ok(stored > 0 && stored < 800_000, `${stored} rows`);
    // (Fewer than written when a row merged with one of an earlier test.)
    assert.ok(stored <= ended.result!.rowsWritten!, `${stored} > ${ended.result!.rowsWritten}`);
    // Cancelling it again changes nothing.
    const again = await rig.request(`/api/v1/jobs/${job.id}`, {
      method: "DELETE",
      headers: { "x-api-key": rig.adminKey },
    });
    assert.equal(((await again.json()) as { job: { state: string } }).job.state, "cancelled");
  });
});

describe("/api/v1/jobs: refusals", () => {
  let rig: ApiRig;
  before(async () => {
    rig = await inProcessRig({ uploadMax: 1000 }, []);
    await addUser(rig, "ann", "analyst");
    await addUser(rig, "rita", "reader");
  });
  after(() => rig.close());

  const jobs = async () =>
    ((await (await rig.get("/api/v1/jobs")).json()) as { jobs: unknown[] }).jobs;

  it("refuses an upload over the cap with 413, before a job or a row", async () => {
    const res = await upload(rig, "format=pcap", capture(40).bytes);
    assert.equal(res.status, 413);
    assert.equal(res.headers.get("content-type"), "application/problem+json");
    assert.match(((await res.json()) as { detail: string }).detail, /larger than 1000 bytes/);
    assert.deepEqual(await jobs(), []);
    assert.equal(await countRows(rig), 0);
  });

  it("refuses an empty body (400), another type (415), a bad format (400), and a reader (403)", async () => {
    const empty = await rig.request("/api/v1/jobs/ingest?format=pcap", {
      method: "POST",
      headers: { "x-api-key": rig.adminKey },
    });
    assert.equal(empty.status, 400);
    assert.match(((await empty.json()) as { detail: string }).detail, /the upload is empty/);
    const form = await upload(rig, "format=zeek", "a=b", {
      "x-api-key": rig.adminKey,
      "content-type": "application/x-www-form-urlencoded",
    });
    assert.equal(form.status, 415);
    const format = await upload(rig, "format=dnstap", "x");
    assert.equal(format.status, 400);
    assert.match(((await format.json()) as { detail: string }).detail, /query parameter "format"/);
    const reader = await upload(rig, "format=zeek", zeekLog(1, 1), { "x-api-key": rig.key });
    assert.equal(reader.status, 403);
    const rita = await logIn(rig, "rita");
    const readerCookie = await upload(rig, "format=zeek", zeekLog(1, 1), {
      cookie: rita.cookie,
      "x-csrf-token": rita.csrf,
    });
    assert.equal(readerCookie.status, 403);
    assert.deepEqual(await jobs(), []);
    assert.equal((await rig.get("/api/v1/jobs/nope")).status, 404);
  });

  it("answers a resolve 503 when the server has no resolvers to ask", async () => {
    const res = await rig.request("/api/v1/jobs/resolve", {
      method: "POST",
      headers: { "x-api-key": rig.adminKey, "content-type": "application/json" },
      body: JSON.stringify({ names: ["www.example.com"] }),
    });
    assert.equal(res.status, 503);
    assert.match(((await res.json()) as { detail: string }).detail, /no resolvers/);
    assert.deepEqual(await jobs(), []);
  });

  it("names the analyst who started a job, from the session", async () => {
    const ann = await logIn(rig, "ann");
    const job = await accepted(
      await upload(rig, "format=zeek", zeekLog(2, 2), {
        cookie: ann.cookie,
        "x-csrf-token": ann.csrf,
      }),
    );
    assert.equal(job.createdBy, "user:ann");
    assert.equal((await waitJob(rig, job.id)).state, "done");
    assert.equal((await getJob(rig, job.id)).result!.observations, 4);
  });
});
