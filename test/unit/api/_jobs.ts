// Calls of the job routes for the API tests: an upload, and a job polled until it ends.
import assert from "node:assert/strict";
import type { JobView } from "../../../src/api/jobs.js";
import type { ApiRig } from "./_server.js";

export const FINISHED = ["done", "failed", "cancelled"];

/** POST /api/v1/jobs/ingest?format=F with `bytes` as the raw body. */
export function upload(
  rig: ApiRig,
  query: string,
  bytes: string | Uint8Array,
  headers: Record<string, string> = { "x-api-key": rig.adminKey },
): Promise<Response> {
  return rig.request(`/api/v1/jobs/ingest?${query}`, {
    method: "POST",
    headers: { "content-type": "application/octet-stream", ...headers },
    body: bytes,
  });
}

/** GET /api/v1/jobs/{id}. */
export async function getJob(rig: ApiRig, id: string): Promise<JobView> {
  const res = await rig.get(`/api/v1/jobs/${id}`);
  const body = (await res.json()) as { job: JobView };
  assert.equal(res.status, 200, JSON.stringify(body));
  return body.job;
}

/** Polls the job until `until` says so (default: it ended); fails after `ms`. */
export async function waitJob(
  rig: ApiRig,
  id: string,
  until: (j: JobView) => boolean = (j) => FINISHED.includes(j.state),
  ms = 60_000,
): Promise<JobView> {
  const end = Date.now() + ms;
  for (;;) {
    const job = await getJob(rig, id);
    if (until(job)) return job;
    if (Date.now() > end) assert.fail(`job ${id} still ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The job of a 202 answer. */
export async function accepted(res: Response): Promise<JobView> {
  const body = (await res.json()) as { job: JobView };
  assert.equal(res.status, 202, JSON.stringify(body));
  return body.job;
}
