import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { createMonitor, monitorStatus } from "../../flows/monitor.js";
import { requirePart } from "../../store/require-part.js";
import { WATCH_KINDS, type WatchKind } from "../../store/types.js";
import { isoFromSeconds } from "../../util/time.js";
import type { ApiEnv } from "../app-env.js";
import { HttpError } from "../http.js";
import { AlertSchema } from "./alert-schemas.js";
import { problemContent } from "./problem.js";
import { access, KEYED_ERRORS } from "./route.js";
import { watchNames } from "./watch-routes.js";

// The monitor: what it last did for each watched name (its stored state), and "check
// now": one pass of `dnsight monitor --once` (createMonitor().runOnce) over some or all
// watched names, asking the DNS servers `serve --server` names. Registration
// snapshots and deliveries to sinks are left to `dnsight monitor`.

/** Names one check looks at, at most. */
export const CHECK_NAMES_MAX = 20;
/** No name is started after this long; the rest are answered as `unchecked`. */
export const CHECK_BUDGET_MS = 20_000;
/** Past this, the check is abandoned (what finished is stored) and the answer is 503. */
const CHECK_HARD_MS = 45_000;

const iso = (s: number | null): string | null => (s === null ? null : isoFromSeconds(s));

const FailureSchema = z
  .object({
    check: z.enum(["dns", "registration", "lookalikes"]),
    at: z.string().openapi({ description: "ISO 8601 UTC" }),
    message: z.string(),
  })
  .openapi("MonitorFailure");

const StatusSchema = z
  .object({
    watches: z.array(
      z.object({
        name: z.string(),
        kind: z.enum(WATCH_KINDS as [WatchKind, ...WatchKind[]]),
        lastPass: z.string().nullable().openapi({
          description: "When a pass last checked it (ISO 8601 UTC); null if never",
        }),
        nextCheck: z.string().nullable().openapi({
          description:
            "When the running monitor (`dnsight monitor`) checks it next, as it last reckoned (ISO 8601 UTC); null until one ran",
        }),
        failures: z.array(FailureSchema).openapi({
          description: "The checks whose latest run failed; a check that succeeds drops out",
        }),
      }),
    ),
    lastPass: z.string().nullable().openapi({
      description: "When a pass last checked anything (ISO 8601 UTC); null if never",
    }),
  })
  .openapi("MonitorStatus");

const CheckResultSchema = z
  .object({
    checked: z.array(z.string()).openapi({ description: "The names checked" }),
    checks: z.number().int().openapi({ description: "Checks run (DNS, lookalikes)" }),
    alerts: z.array(AlertSchema).openapi({
      description: "Alerts this check raised, or closed ones it opened again",
    }),
    seenAgain: z.number().int().openapi({ description: "Findings of alerts already open" }),
    heldElsewhere: z.number().int().openapi({
      description: "Due checks skipped because another monitor on this state holds them now",
    }),
    ranElsewhere: z.number().int().openapi({
      description: "Due checks skipped because another monitor has just run them",
    }),
    failures: z.array(FailureSchema.extend({ name: z.string() })),
    unchecked: z.array(z.string()).openapi({
      description: `Watched names not reached: past ${CHECK_NAMES_MAX} names or ${CHECK_BUDGET_MS / 1000} s. Check them with another call naming them.`,
    }),
  })
  .openapi("MonitorCheck");

const statusRoute = createRoute({
  method: "get",
  path: "/monitor",
  operationId: "monitorStatus",
  tags: ["monitor"],
  summary: "The monitor's status",
  description: "Every watched name (by name): last pass, next check, failing checks.",
  ...access("reader"),
  responses: {
    200: { description: "The status", content: { "application/json": { schema: StatusSchema } } },
    ...KEYED_ERRORS,
  },
});

const checkRoute = createRoute({
  method: "post",
  path: "/monitor/check",
  operationId: "monitorCheck",
  tags: ["monitor"],
  summary: "Check now",
  description: `One monitor pass now over the names given, or over the watchlist: at most ${CHECK_NAMES_MAX} names, none started after ${CHECK_BUDGET_MS / 1000} s (the rest come back as \`unchecked\`). Active DNS and lookalikes, on the DNS servers the server was started with (\`serve --server\`); registration is left to \`dnsight monitor\`. One check at a time.`,
  ...access("analyst"),
  request: {
    body: {
      required: false,
      description: "JSON, at most 16 KiB; no body checks the watchlist",
      content: {
        "application/json": {
          schema: z
            .strictObject({
              names: watchNames(CHECK_NAMES_MAX, `Watched names, at most ${CHECK_NAMES_MAX}`)
                .refine((l) => l.length > 0, { error: "at least one name" })
                .optional(),
            })
            .openapi("MonitorCheckRequest"),
        },
      },
    },
  },
  responses: {
    200: {
      description: "What the pass did",
      content: { "application/json": { schema: CheckResultSchema } },
    },
    404: problemContent("A name is not watched"),
    408: problemContent("The body did not arrive in time"),
    409: problemContent("A check is under way"),
    413: problemContent("The body is larger than 16 KiB"),
    415: problemContent("The body is not JSON"),
    ...KEYED_ERRORS,
    503: problemContent(
      "The server was started without DNS servers (serve --server), the check ran out of time, or the store is unavailable",
    ),
  },
});

export function monitorRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(statusRoute, async (c) => {
    const ctx = c.env.ctx;
    const s = await monitorStatus(ctx.store);
    ctx.rows = s.watches.length;
    return c.json(
      {
        watches: s.watches.map((w) => ({
          ...w,
          lastPass: iso(w.lastPass),
          nextCheck: iso(w.nextCheck),
          failures: w.failures.map((f) => ({ ...f, at: isoFromSeconds(f.at) })),
        })),
        lastPass: iso(s.lastPass),
      },
      200,
    );
  });

  // One check at a time per server: each asks every authoritative server of its names.
  let busy = false;
  app.openapi(checkRoute, async (c) => {
    const ctx = c.env.ctx;
    const { names } = c.req.valid("json") as { names?: string[] };
    const watched = await requirePart(ctx.store, "watches").listWatches();
    let list = watched;
    if (names !== undefined) {
      const known = new Set(watched.map((w) => w.name));
      const missing = names.filter((n) => !known.has(n));
      if (missing.length > 0) throw new HttpError(404, `not watched: ${missing.join(", ")}`);
      const wanted = new Set(names);
      list = watched.filter((w) => wanted.has(w.name));
    }
    const picked = list.slice(0, CHECK_NAMES_MAX);
    const over = list.slice(CHECK_NAMES_MAX).map((w) => w.name);
    if (picked.length === 0)
      return c.json(
        {
          checked: [],
          checks: 0,
          alerts: [],
          seenAgain: 0,
          heldElsewhere: 0,
          ranElsewhere: 0,
          failures: [],
          unchecked: [],
        },
        200,
      );
    if (ctx.dns.servers.length === 0)
      throw new HttpError(
        503,
        "this server has no DNS servers to ask: start dnsight serve with --server",
      );
    if (busy) throw new HttpError(409, "a check is under way; try again when it is done");
    busy = true;
    try {
      // Within the request's own time budget, with room to answer.
      const left = ctx.deadline - performance.now();
      const budgetMs = Math.max(0, Math.min(CHECK_BUDGET_MS, left / 3));
      const signal = AbortSignal.timeout(Math.max(1, Math.min(CHECK_HARD_MS, left - 2000)));
      const run = await createMonitor({
        store: ctx.store,
        servers: ctx.dns.servers,
        nsPort: ctx.dns.nsPort,
        http: false,
      }).runOnce(signal, { names: picked.map((w) => w.name), budgetMs });
      if (run.pass === undefined)
        throw new HttpError(503, "the check ran out of time; what it finished is stored");
      const p = run.pass;
      const unchecked = [...p.unchecked, ...over];
      ctx.rows = p.raised.length;
      return c.json(
        {
          checked: picked.map((w) => w.name).filter((n) => !p.unchecked.includes(n)),
          checks: p.checks,
          alerts: p.raised,
          seenAgain: p.seenAgain,
          heldElsewhere: p.heldElsewhere,
          ranElsewhere: p.ranElsewhere,
          failures: p.failed.map((f) => ({ ...f, at: isoFromSeconds(f.at) })),
          unchecked,
        },
        200,
      );
    } finally {
      busy = false;
    }
  });
}
