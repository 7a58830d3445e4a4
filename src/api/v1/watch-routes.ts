import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { isDnsightError } from "../../errors.js";
import { addToWatchlist, removeFromWatchlist, watchName } from "../../flows/watchlist.js";
import { requirePart } from "../../store/require-part.js";
import { WATCH_KINDS, type WatchKind } from "../../store/types.js";
import type { ApiEnv } from "../app-env.js";
import { HttpError } from "../http.js";
import { problemContent } from "./problem.js";
import { access, KEYED_ERRORS } from "./route.js";

// The watchlist `dnsight monitor` works through, on the calls `dnsight watch` makes
// (flows/watchlist.ts): list it, add names (or change their kind, or a brand's owned
// domains), remove one.

export const WATCH_NAMES_MAX = 1000;
export const OWNED_MAX = 100;

export const WatchSchema = z
  .object({
    name: z.string().openapi({ description: "A-label, lowercase, no trailing dot" }),
    kind: z.enum(WATCH_KINDS as [WatchKind, ...WatchKind[]]),
    addedAt: z.number().int().openapi({ description: "Epoch seconds" }),
    owned: z
      .array(z.string())
      .optional()
      .openapi({ description: "A brand's other domains (never its lookalikes)" }),
  })
  .openapi("Watch");

/** Names as typed, each made the stored A-label form; a bad one is an issue at its index. */
export const watchNames = (max: number, description: string) =>
  z
    .array(z.string().max(1024))
    .max(max, { error: `at most ${max} names` })
    .transform((list, ctx) => {
      const out: string[] = [];
      for (const [i, text] of list.entries())
        try {
          out.push(watchName(text));
        } catch (e) {
          ctx.addIssue({
            code: "custom",
            path: [i],
            message: isDnsightError(e) ? e.message : "not a domain name",
          });
          return z.NEVER;
        }
      return out;
    })
    .openapi({ description });

const AddBody = z
  .strictObject({
    names: watchNames(
      WATCH_NAMES_MAX,
      `1 to ${WATCH_NAMES_MAX} domain names (U-labels are stored as A-labels)`,
    ).refine((l) => l.length > 0, { error: "at least one name" }),
    kind: z
      .enum(WATCH_KINDS as [WatchKind, ...WatchKind[]])
      .default("owned")
      .openapi({ description: "What the names are to you (default owned)" }),
    owned: watchNames(
      OWNED_MAX,
      "For a brand: its other domains, never reported as its lookalikes and imitated like it; replaces its list",
    ).optional(),
  })
  .refine((b) => b.owned === undefined || b.kind === "brand", {
    path: ["owned"],
    error: "owned domains are for brands (kind brand)",
  })
  .openapi("WatchAdd", { example: { names: ["example.com"], kind: "owned" } });

const listRoute = createRoute({
  method: "get",
  path: "/watches",
  operationId: "listWatches",
  tags: ["watches"],
  summary: "The watchlist",
  description: "By name. `dnsight watch list` shows the same.",
  ...access("reader"),
  responses: {
    200: {
      description: "Every watched name",
      content: { "application/json": { schema: z.object({ watches: z.array(WatchSchema) }) } },
    },
    ...KEYED_ERRORS,
  },
});

const addRoute = createRoute({
  method: "post",
  path: "/watches",
  operationId: "addWatches",
  tags: ["watches"],
  summary: "Watch names",
  description:
    "Owned names are checked for hijack and DNS-server changes (T1584.001/.002), brands for lookalikes (T1583.001), third parties for their infrastructure. A name already watched takes the new kind (and owned list). As `dnsight watch add`.",
  ...access("analyst"),
  request: {
    body: {
      required: true,
      description: "JSON, at most 16 KiB",
      content: { "application/json": { schema: AddBody } },
    },
  },
  responses: {
    200: {
      description: "The names as stored, in the order given; `added` those not watched before",
      content: {
        "application/json": {
          schema: z.object({ watches: z.array(WatchSchema), added: z.array(z.string()) }),
        },
      },
    },
    408: problemContent("The body did not arrive in time"),
    413: problemContent("The body is larger than 16 KiB"),
    415: problemContent("The body is not JSON"),
    ...KEYED_ERRORS,
  },
});

const removeRoute = createRoute({
  method: "delete",
  path: "/watches/{name}",
  operationId: "removeWatch",
  tags: ["watches"],
  summary: "Stop watching a name",
  description:
    "Its monitor state goes with it; its alerts stay. As `dnsight watch rm`. A U-label is taken for its A-label.",
  ...access("analyst"),
  request: {
    params: z.object({
      name: z
        .string()
        .min(1)
        .max(1024)
        .openapi({ param: { name: "name", in: "path" }, example: "example.com" }),
    }),
  },
  responses: {
    204: { description: "No longer watched" },
    404: problemContent("The name is not watched"),
    ...KEYED_ERRORS,
  },
});

export function watchRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(listRoute, async (c) => {
    const ctx = c.env.ctx;
    const watches = await requirePart(ctx.store, "watches").listWatches();
    ctx.rows = watches.length;
    return c.json({ watches }, 200);
  });

  app.openapi(addRoute, async (c) => {
    const ctx = c.env.ctx;
    const body = c.req.valid("json");
    const r = await addToWatchlist(
      ctx.store,
      { names: body.names, kind: body.kind, ...(body.owned ? { owned: body.owned } : {}) },
      Math.floor(ctx.now),
    );
    ctx.rows = r.watches.length;
    return c.json(r, 200);
  });

  app.openapi(removeRoute, async (c) => {
    const ctx = c.env.ctx;
    const { name } = c.req.valid("param");
    let stored: string;
    try {
      stored = watchName(name);
    } catch (e) {
      throw new HttpError(400, `path parameter "name": ${(e as Error).message}`);
    }
    const { missing } = await removeFromWatchlist(ctx.store, [stored]);
    if (missing.length > 0) throw new HttpError(404, `not watched: ${stored}`);
    ctx.rows = 1;
    return c.body(null, 204);
  });
}
