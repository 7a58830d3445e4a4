import { randomBytes } from "node:crypto";
import { HttpError, messageOf } from "./http.js";

// The long runs of the API (an ingest of an upload, a bulk resolve) as jobs: held in
// memory by the server process that runs them, at most `maxRunning` at once (the rest
// wait in order), at most `maxPending` not finished (past it a new one is refused),
// and, once finished, kept `keepMs` and among the last `maxKept`. A job is cancelled
// through its AbortSignal: the run stops as the CLI's does on ^C, and what it stored
// stays stored.

export type JobKind = "ingest" | "resolve";
export type JobState = "queued" | "running" | "done" | "failed" | "cancelled";
export type ProgressUnit = "bytes" | "names";

/** A job as the API shows it. Times are epoch milliseconds. */
export interface JobView {
  id: string;
  kind: JobKind;
  state: JobState;
  createdBy: string;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  progress: { done: number; total?: number; unit: ProgressUnit };
  result?: Record<string, number>;
  error?: string;
}

/** What a run is given: the signal that cancels it, and where it tells its progress. */
export interface JobControl {
  signal: AbortSignal;
  progress(done: number, total?: number): void;
}

export type JobWork = (c: JobControl) => Promise<Record<string, number>>;

export interface JobLimits {
  maxRunning: number;
  maxPending: number;
  maxKept: number;
  keepMs: number;
}

// Two cores on the reference machine: two runs at once leave the requests a share.
export const DEFAULT_JOB_LIMITS: JobLimits = {
  maxRunning: 2,
  maxPending: 16,
  maxKept: 100,
  keepMs: 24 * 3600_000,
};

const FINISHED: ReadonlySet<JobState> = new Set(["done", "failed", "cancelled"]);

interface Entry {
  view: JobView;
  abort: AbortController;
  work?: JobWork;
  /** Called once when the job ends, however (a cancelled upload's file goes). */
  cleanup?: () => void;
}

export class JobRegistry {
  /** Oldest first (a Map keeps insertion order). */
  private readonly jobs = new Map<string, Entry>();
  private running = 0;
  /** The runs under way, for `drain`. */
  private readonly runs = new Set<Promise<void>>();

  constructor(
    private readonly limits: JobLimits = DEFAULT_JOB_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new queued job, not runnable until `start`; 503 when too many are unfinished. */
  open(kind: JobKind, createdBy: string, unit: ProgressUnit): { id: string; signal: AbortSignal } {
    this.sweep();
    const pending = [...this.jobs.values()].filter((e) => !FINISHED.has(e.view.state)).length;
    if (pending >= this.limits.maxPending)
      throw new HttpError(503, `${pending} jobs are queued or running: try again later`, {
        "retry-after": "60",
      });
    const id = randomBytes(12).toString("base64url");
    const view: JobView = {
      id,
      kind,
      state: "queued",
      createdBy,
      createdAt: this.now(),
      progress: { done: 0, unit },
    };
    const abort = new AbortController();
    this.jobs.set(id, { view, abort });
    this.sweep();
    return { id, signal: abort.signal };
  }

  /** Queues the run of an opened job; `cleanup` runs once it ends (or if it never starts). */
  start(id: string, work: JobWork, cleanup?: () => void): void {
    const e = this.jobs.get(id);
    if (e === undefined || e.view.state !== "queued") {
      cleanup?.();
      return;
    }
    e.work = work;
    if (cleanup) e.cleanup = cleanup;
    this.pump();
  }

  /** Ends an opened job that never got to run (its upload failed). */
  fail(id: string, error: string): void {
    const e = this.jobs.get(id);
    if (e !== undefined && !FINISHED.has(e.view.state)) this.finish(e, "failed", { error });
  }

  get(id: string): JobView | undefined {
    this.sweep();
    return this.copy(this.jobs.get(id)?.view);
  }

  /** Newest first. */
  list(): JobView[] {
    this.sweep();
    return [...this.jobs.values()].reverse().map((e) => this.copy(e.view)!);
  }

  /** Cancels a queued or running job; a finished one is left as it is. Undefined: no such job. */
  cancel(id: string): JobView | undefined {
    const e = this.jobs.get(id);
    if (e === undefined) return undefined;
    if (!FINISHED.has(e.view.state)) {
      e.abort.abort();
      // A running job ends when its run returns; a waiting one ends now.
      if (e.view.state === "queued") this.finish(e, "cancelled", {});
    }
    return this.copy(e.view);
  }

  /** Cancels every unfinished job and waits for the runs to end (the server is stopping). */
  async drain(): Promise<void> {
    for (const id of this.jobs.keys()) this.cancel(id);
    await Promise.all([...this.runs]);
  }

  private copy(v: JobView | undefined): JobView | undefined {
    return v === undefined
      ? undefined
      : { ...v, progress: { ...v.progress }, ...(v.result ? { result: { ...v.result } } : {}) };
  }

  private pump(): void {
    for (const e of this.jobs.values()) {
      if (this.running >= this.limits.maxRunning) return;
      if (e.view.state === "queued" && e.work !== undefined) {
        const run = this.run(e, e.work);
        this.runs.add(run);
        void run.finally(() => this.runs.delete(run));
      }
    }
  }

  private async run(e: Entry, work: JobWork): Promise<void> {
    this.running++;
    e.view.state = "running";
    e.view.startedAt = this.now();
    const progress = e.view.progress;
    try {
      const result = await work({
        signal: e.abort.signal,
        progress(done, total) {
          progress.done = done;
          if (total !== undefined) progress.total = total;
        },
      });
      this.finish(e, e.abort.signal.aborted ? "cancelled" : "done", { result });
    } catch (err) {
      // The client is told what messageOf tells any client: a store error names no file.
      this.finish(e, e.abort.signal.aborted ? "cancelled" : "failed", { error: messageOf(err) });
    } finally {
      this.running--;
      this.pump();
    }
  }

  private finish(e: Entry, state: JobState, end: Pick<JobView, "result" | "error">): void {
    e.view.state = state;
    e.view.finishedAt = this.now();
    if (end.result) e.view.result = end.result;
    if (end.error !== undefined) e.view.error = end.error;
    const cleanup = e.cleanup;
    delete e.cleanup;
    delete e.work;
    cleanup?.();
  }

  /** Drops finished jobs past keepMs, then the oldest finished ones past maxKept. */
  private sweep(): void {
    const cutoff = this.now() - this.limits.keepMs;
    let over = this.jobs.size - this.limits.maxKept;
    for (const [id, e] of this.jobs) {
      if (!FINISHED.has(e.view.state)) continue;
      if (over > 0 || (e.view.finishedAt ?? 0) < cutoff) {
        this.jobs.delete(id);
        over--;
      }
    }
  }
}
