import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "../app-env.js";
import { HttpError, type RequestContext } from "../http.js";
import { JobRegistry, type JobView } from "../jobs.js";
import { ingestRun, resolveRun } from "./job-runs.js";
import {
  IngestQuery,
  JobAnswer,
  JobIdParam,
  JobSchema,
  RESOLVE_BODY_MAX,
  ResolveBody,
} from "./job-schemas.js";
import { problemContent } from "./problem.js";
import { access, KEYED_ERRORS } from "./route.js";
import { checkUploadHead, receiveUpload } from "./upload-body.js";

// Long runs as jobs (src/api/jobs.ts): an upload ingested as `dnsight ingest` reads a
// file, a list of names resolved as `dnsight resolve` does; each answered 202 with
// the job, to be polled and cancelled. The jobs are this server process's own.

const jobAnswer = (description: string) => ({
  description,
  content: { "application/json": { schema: JobAnswer } },
});

const ingestRoute = createRoute({
  method: "post",
  path: "/jobs/ingest",
  operationId: "ingestUpload",
  tags: ["jobs"],
  summary: "Ingest an upload",
  description:
    "The file (a pcap, a Zeek dns.log or COF) is the request body, as is (Content-Length or chunked); it is kept in a temp file, then read into the store as `dnsight ingest --format F FILE` reads it, the analytics run on it. The job's progress counts the file's bytes read. The upload's cap is `serve --upload-max`; it must arrive within the server's request timeout.",
  ...access("analyst"),
  "x-dnsight-body": "stream",
  request: {
    query: IngestQuery,
    body: {
      required: true,
      description: "The file's bytes",
      content: {
        "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) },
      },
    },
  },
  responses: {
    202: jobAnswer("Received; the job is queued or running"),
    409: problemContent("The job was cancelled during its upload"),
    413: problemContent("The upload is larger than the server's cap"),
    415: problemContent("The body is not application/octet-stream"),
    ...KEYED_ERRORS,
  },
});

const resolveRoute = createRoute({
  method: "post",
  path: "/jobs/resolve",
  operationId: "resolveNames",
  tags: ["jobs"],
  summary: "Resolve names",
  description:
    "Each name for each type, through the server's resolvers (`serve --server`), as `dnsight resolve` does: upstreams that rewrite NXDOMAIN or disagree are dropped, every answer is stored. The job's progress counts names.",
  ...access("analyst"),
  "x-dnsight-body-max": RESOLVE_BODY_MAX,
  request: {
    body: {
      required: true,
      description: `JSON, at most ${RESOLVE_BODY_MAX >> 20} MiB`,
      content: { "application/json": { schema: ResolveBody } },
    },
  },
  responses: {
    202: jobAnswer("The job, queued or running"),
    408: problemContent("The body did not arrive in time"),
    413: problemContent(`The body is larger than ${RESOLVE_BODY_MAX >> 20} MiB`),
    415: problemContent("The body is not JSON"),
    ...KEYED_ERRORS,
    503: problemContent(
      "The server has no resolvers, too many jobs are queued, or the store is unavailable",
    ),
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/jobs",
  operationId: "listJobs",
  tags: ["jobs"],
  summary: "Jobs",
  description: "This server's jobs, newest first: the unfinished ones, and the last finished.",
  ...access("reader"),
  responses: {
    200: {
      description: "The jobs",
      content: { "application/json": { schema: z.object({ jobs: z.array(JobSchema) }) } },
    },
    ...KEYED_ERRORS,
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/jobs/{id}",
  operationId: "getJob",
  tags: ["jobs"],
  summary: "A job",
  ...access("reader"),
  request: { params: JobIdParam },
  responses: {
    200: jobAnswer("The job"),
    404: problemContent("No such job (or it finished long ago)"),
    ...KEYED_ERRORS,
  },
});

const cancelRoute = createRoute({
  method: "delete",
  path: "/jobs/{id}",
  operationId: "cancelJob",
  tags: ["jobs"],
  summary: "Cancel a job",
  description:
    "A queued job ends at once, a running one at its next batch; what it stored stays stored. A finished job is answered as it is.",
  ...access("analyst"),
  request: { params: JobIdParam },
  responses: {
    200: jobAnswer("The job, cancelled (or finished before)"),
    404: problemContent("No such job"),
    ...KEYED_ERRORS,
  },
});

const callerOf = (ctx: RequestContext): string => {
  const user = ctx.session?.user ?? ctx.key?.user;
  return user !== undefined ? `user:${user}` : `key:${ctx.key?.id ?? "?"}`;
};

const known = (job: JobView | undefined, id: string): JobView => {
  if (job === undefined) throw new HttpError(404, `no job with id ${id}`);
  return job;
};

export function jobRoutes(app: OpenAPIHono<ApiEnv>, jobs = new JobRegistry()): void {
  app.openapi(ingestRoute, async (c) => {
    const ctx = c.env.ctx;
    const { format, sensor } = c.req.valid("query");
    const maxBytes = ctx.limits.uploadMax;
    checkUploadHead(ctx.req, ctx.res, maxBytes);
    const { id, signal } = jobs.open("ingest", callerOf(ctx), "bytes");
    let upload;
    try {
      upload = await receiveUpload(ctx.req, ctx.res, maxBytes, signal);
    } catch (e) {
      jobs.fail(id, (e as Error).message);
      throw e;
    }
    jobs.start(
      id,
      (control) => ingestRun(ctx.store, upload, format, sensor, control),
      upload.remove,
    );
    return c.json({ job: jobs.get(id)! }, 202);
  });

  app.openapi(resolveRoute, async (c) => {
    const ctx = c.env.ctx;
    const { names, types } = c.req.valid("json");
    const servers = ctx.dns.servers;
    if (servers.length === 0)
      throw new HttpError(503, "this server has no resolvers to ask (serve --server)");
    const { id } = jobs.open("resolve", callerOf(ctx), "names");
    jobs.start(id, (control) => resolveRun(ctx.store, servers, names, types, control));
    ctx.rows = names.length;
    return c.json({ job: jobs.get(id)! }, 202);
  });

  app.openapi(listRoute, (c) => {
    const list = jobs.list();
    c.env.ctx.rows = list.length;
    return c.json({ jobs: list }, 200);
  });

  app.openapi(getRoute, (c) => {
    const { id } = c.req.valid("param");
    return c.json({ job: known(jobs.get(id), id) }, 200);
  });

  app.openapi(cancelRoute, (c) => {
    const { id } = c.req.valid("param");
    return c.json({ job: known(jobs.cancel(id), id) }, 200);
  });
}
