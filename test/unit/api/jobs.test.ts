// The job registry of the API: runs at most maxRunning at once and queues the rest
// in order, refuses past maxPending, keeps finished jobs for keepMs and at most
// maxKept, cancels through the run's AbortSignal, and cleans up a job that never ran.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HttpError } from "../../../src/api/http.js";
import { JobRegistry, type JobControl } from "../../../src/api/jobs.js";
import { DnsightError } from "../../../src/errors.js";

/** A run that waits until released (or its signal stops it), and says it started. */
function gate() {
  const started: string[] = [];
  const releases = new Map<string, (r: Record<string, number>) => void>();
  const work = (name: string) => (c: JobControl) =>
    new Promise<Record<string, number>>((resolve) => {
      started.push(name);
      c.progress(1, 10);
      releases.set(name, resolve);
      c.signal.addEventListener("abort", () => resolve({ stopped: 1 }), { once: true });
    });
  return { started, work, release: (name: string) => releases.get(name)!({ n: 1 }) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("JobRegistry", () => {
  it("runs two at once, queues the third in order, and starts it when one ends", async () => {
    const jobs = new JobRegistry({ maxRunning: 2, maxPending: 10, maxKept: 10, keepMs: 1e9 });
    const g = gate();
    const ids = ["a", "b", "c"].map((n) => {
      const { id } = jobs.open("resolve", `user:${n}`, "names");
      jobs.start(id, g.work(n));
      return id;
    });
    await tick();
    assert.deepEqual(g.started, ["a", "b"]);
    assert.equal(jobs.get(ids[2]!)!.state, "queued");
    assert.deepEqual(jobs.get(ids[0]!)!.progress, { done: 1, total: 10, unit: "names" });
    g.release("a");
    await tick();
    await tick();
    assert.deepEqual(g.started, ["a", "b", "c"]);
    const a = jobs.get(ids[0]!)!;
    assert.equal(a.state, "done");
    assert.deepEqual(a.result, { n: 1 });
    assert.ok(a.startedAt! >= a.createdAt && a.finishedAt! >= a.startedAt!);
    // Newest first.
    assert.deepEqual(
      jobs.list().map((j) => j.createdBy),
      ["user:c", "user:b", "user:a"],
    );
  });

  it("cancels a queued job at once (its cleanup runs) and a running one through its signal", async () => {
    const jobs = new JobRegistry({ maxRunning: 1, maxPending: 10, maxKept: 10, keepMs: 1e9 });
    const g = gate();
    const run = jobs.open("ingest", "key:k1", "bytes");
    jobs.start(run.id, g.work("run"));
    const wait = jobs.open("ingest", "key:k1", "bytes");
    let cleaned = 0;
    jobs.start(wait.id, g.work("wait"), () => cleaned++);
    await tick();
    assert.equal(jobs.cancel(wait.id)!.state, "cancelled");
    assert.equal(cleaned, 1);
    assert.equal(wait.signal.aborted, true);
    assert.equal(jobs.cancel(run.id)!.state, "running");
    await tick();
    const ended = jobs.get(run.id)!;
    assert.equal(ended.state, "cancelled");
    // What the run did before it stopped is its result.
    assert.deepEqual(ended.result, { stopped: 1 });
    assert.deepEqual(g.started, ["run"]);
    // A finished job is left as it is; an unknown id is undefined.
    assert.equal(jobs.cancel(run.id)!.state, "cancelled");
    assert.equal(jobs.cancel("nope"), undefined);
    assert.equal(cleaned, 1);
  });

  it("fails a job whose run throws, telling only what a client may be told", async () => {
    const jobs = new JobRegistry();
    const bad = jobs.open("ingest", "key:k", "bytes");
    jobs.start(bad.id, () => Promise.reject(new DnsightError("INPUT", "line 3: bad\nmore")));
    const hidden = jobs.open("ingest", "key:k", "bytes");
    jobs.start(hidden.id, () => Promise.reject(new Error("SQLITE_FULL: /var/db/x.db")));
    await tick();
    assert.equal(jobs.get(bad.id)!.state, "failed");
    assert.equal(jobs.get(bad.id)!.error, "line 3: bad");
    assert.equal(jobs.get(hidden.id)!.error, "internal error");
  });

  it("refuses a job past maxPending with 503, and keeps at most maxKept finished ones", async () => {
    const jobs = new JobRegistry({ maxRunning: 1, maxPending: 2, maxKept: 3, keepMs: 1e9 });
    const a = jobs.open("resolve", "u", "names");
    jobs.open("resolve", "u", "names");
    assert.throws(
      () => jobs.open("resolve", "u", "names"),
      (e: unknown) =>
        e instanceof HttpError && e.status === 503 && e.headers["retry-after"] === "60",
    );
    jobs.fail(a.id, "upload cut short");
    assert.equal(jobs.get(a.id)!.state, "failed");
    const done: string[] = [];
    for (let i = 0; i < 4; i++) {
      const j = jobs.open("resolve", "u", "names");
      jobs.start(j.id, async () => ({}));
      await tick();
      done.push(j.id);
    }
    const kept = jobs.list().map((j) => j.id);
    assert.equal(kept.length, 3);
    // The oldest finished went first; the unfinished one stays.
    assert.ok(!kept.includes(a.id));
    assert.deepEqual(kept.slice(0, 2), [done[3], done[2]]);
  });

  it("drains: cancels every job, queued or running, and waits for the runs to end", async () => {
    const jobs = new JobRegistry({ maxRunning: 1, maxPending: 5, maxKept: 10, keepMs: 1e9 });
    let stopped = false;
    const run = jobs.open("ingest", "u", "bytes");
    jobs.start(run.id, async (c) => {
      await new Promise((r) => c.signal.addEventListener("abort", r, { once: true }));
      // The run takes a while to put down what it read.
      await new Promise((r) => setTimeout(r, 50));
      stopped = true;
      return { rowsWritten: 7 };
    });
    const wait = jobs.open("ingest", "u", "bytes");
    jobs.start(wait.id, async () => assert.fail("never runs"));
    await tick();
    await jobs.drain();
    assert.equal(stopped, true);
    assert.deepEqual(
      jobs.list().map((j) => [j.state, j.result]),
      [
        ["cancelled", undefined],
        ["cancelled", { rowsWritten: 7 }],
      ],
    );
  });

  it("drops finished jobs older than keepMs", async () => {
    let now = 1000;
    const jobs = new JobRegistry(
      { maxRunning: 1, maxPending: 5, maxKept: 10, keepMs: 500 },
      () => now,
    );
    const j = jobs.open("resolve", "u", "names");
    jobs.start(j.id, async () => ({}));
    await tick();
    now += 499;
    assert.equal(jobs.get(j.id)!.state, "done");
    now += 2;
    assert.equal(jobs.get(j.id), undefined);
  });
});
