import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { snapshotDiffs } from "../../registration/snapshot-diffs.js";
import { parseTarget, targetKey } from "../../registration/target.js";
import { requirePart } from "../../store/require-part.js";
import type { RegistrationSnapshot } from "../../store/types.js";
import type { ApiEnv } from "../app-env.js";
import { HttpError } from "../http.js";
import { clip, pathParam } from "./intel-params.js";
import { problemContent } from "./problem.js";
import { access, KEYED_ERRORS } from "./route.js";
import { DiffSchema, SnapshotSchema } from "./registration-schemas.js";
import { pageLimit } from "./schemas.js";

// Stored registration snapshots (what `dnsight registration` fetched, kept by
// `registration history`): the latest, the list, and the field changes between
// consecutive ones. A domain, an IP address or an AS number, keyed as the CLI keys
// them (src/registration/target.ts). Only what is stored: nothing is fetched here.

const keyPath = {
  params: z.object({
    name: pathParam(
      "name",
      "A domain name, an IP address or an AS number (AS64500)",
      "example.com",
    ),
  }),
};

const NOT_STORED = problemContent(
  "The path holds no domain, IP address or AS number, or no snapshot of it is stored",
);

const latestRoute = createRoute({
  method: "get",
  path: "/registration/{name}",
  operationId: "getRegistration",
  tags: ["registration"],
  summary: "The latest stored registration",
  description:
    "The newest stored snapshot that is not a throttled answer (the newest of all when every one is).",
  ...access("reader"),
  request: { ...keyPath, query: z.strictObject({}) },
  responses: {
    200: {
      description: "The snapshot",
      content: { "application/json": { schema: SnapshotSchema } },
    },
    404: NOT_STORED,
    ...KEYED_ERRORS,
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/registration/{name}/snapshots",
  operationId: "listRegistrationSnapshots",
  tags: ["registration"],
  summary: "Stored registration snapshots",
  description: "The newest `limit` snapshots, newest first, throttled answers included.",
  ...access("reader"),
  request: { ...keyPath, query: z.strictObject({ limit: pageLimit(1000, 100) }) },
  responses: {
    200: {
      description: "The snapshots",
      content: {
        "application/json": { schema: z.object({ snapshots: z.array(SnapshotSchema) }) },
      },
    },
    404: NOT_STORED,
    ...KEYED_ERRORS,
  },
});

const diffsRoute = createRoute({
  method: "get",
  path: "/registration/{name}/diffs",
  operationId: "listRegistrationDiffs",
  tags: ["registration"],
  summary: "Field changes between stored snapshots",
  description:
    "For each two consecutive snapshots among the newest `limit`, newest pair first, what changed (registrar, statuses, name servers, dates, privacy, DNSSEC, network fields). Throttled answers are left out.",
  ...access("reader"),
  request: { ...keyPath, query: z.strictObject({ limit: pageLimit(1000, 100) }) },
  responses: {
    200: {
      description: "The changes",
      content: { "application/json": { schema: z.object({ diffs: z.array(DiffSchema) }) } },
    },
    404: NOT_STORED,
    ...KEYED_ERRORS,
  },
});

/** The store key of the path's name, IP or AS number, or 404. */
function keyOf(value: string): string {
  try {
    return targetKey(parseTarget(value));
  } catch {
    throw new HttpError(
      404,
      `path parameter "name": "${clip(value)}" is not a domain name, IP address or AS number`,
    );
  }
}

const shown = (s: RegistrationSnapshot) => ({
  key: s.key,
  fetchedAt: s.fetchedAt,
  source: s.record.source.protocol,
  record: s.record,
});

const none = (key: string): HttpError => new HttpError(404, `no registration of ${key} is stored`);

export function registrationRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(latestRoute, async (c) => {
    const ctx = c.env.ctx;
    const key = keyOf(c.req.valid("param").name);
    const reg = requirePart(ctx.store, "registrations");
    const snap =
      (await reg.latestSnapshot(key, { skipStatus: ["throttled"] })) ??
      (await reg.latestSnapshot(key));
    if (snap === undefined) throw none(key);
    ctx.rows = 1;
    return c.json(shown(snap), 200);
  });

  app.openapi(listRoute, async (c) => {
    const ctx = c.env.ctx;
    const key = keyOf(c.req.valid("param").name);
    const { limit } = c.req.valid("query");
    const snaps = await requirePart(ctx.store, "registrations").listSnapshots(key, { limit });
    if (snaps.length === 0) throw none(key);
    ctx.rows = snaps.length;
    return c.json({ snapshots: snaps.reverse().map(shown) }, 200);
  });

  app.openapi(diffsRoute, async (c) => {
    const ctx = c.env.ctx;
    const key = keyOf(c.req.valid("param").name);
    const { limit } = c.req.valid("query");
    const snaps = await requirePart(ctx.store, "registrations").listSnapshots(key, { limit });
    if (snaps.length === 0) throw none(key);
    const diffs = snapshotDiffs(snaps);
    ctx.rows = diffs.length;
    return c.json({ diffs }, 200);
  });
}
