import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { isDnsightError } from "../../errors.js";
import { requirePart } from "../../store/require-part.js";
import { API_KEY_ROLES, type ApiKeyRole } from "../../store/types.js";
import type { ApiEnv } from "../app-env.js";
import { HttpError } from "../http.js";
import { newApiKey, storeApiKey } from "../keys.js";
import { noteAudit } from "./audit-log.js";
import { problemContent } from "./problem.js";
import { access, KEYED_ERRORS } from "./route.js";
import { nameField } from "./user-routes.js";

// The API keys (admin), as `dnsight apikey list|create|revoke`: listed without the
// keys themselves; a new key is shown once, in the answer that creates it (the store
// keeps its SHA-256 only); revoking keeps it listed.

const roleEnum = z.enum(API_KEY_ROLES as [ApiKeyRole, ...ApiKeyRole[]]);

const ApiKeySchema = z
  .object({
    id: z.string().openapi({ example: "3f2a9c01b7e4" }),
    name: z.string(),
    role: roleEnum,
    createdAt: z.number().int().openapi({ description: "Epoch seconds" }),
    revokedAt: z.number().int().optional().openapi({ description: "Epoch seconds" }),
    user: z
      .string()
      .optional()
      .openapi({ description: "The user the key acts for; absent for a key made before users" }),
  })
  .openapi("ApiKey");

const NewApiKeySchema = z
  .strictObject({
    name: z.string().max(200).openapi({ description: "A label: who or what uses the key" }),
    role: roleEnum.optional().openapi({
      description: "read (default): queries only, whoever the user; admin: all the user may do",
    }),
    user: nameField.optional().openapi({
      description:
        "The user the key belongs to and acts as (an enabled one); by default the caller's own user",
    }),
  })
  .openapi("NewApiKey");

const CreatedKeySchema = z
  .object({
    id: z.string(),
    key: z.string().openapi({ description: "The key itself: shown this once, never again" }),
    name: z.string(),
    role: roleEnum,
    user: z.string().optional(),
    createdAt: z.number().int().openapi({ description: "Epoch seconds" }),
  })
  .openapi("CreatedApiKey");

const listRoute = createRoute({
  method: "get",
  path: "/apikeys",
  operationId: "listApiKeys",
  tags: ["admin"],
  summary: "List API keys",
  description: "Every key, revoked ones included, oldest first; never the key itself.",
  ...access("admin"),
  responses: {
    200: {
      description: "The keys",
      content: { "application/json": { schema: z.object({ keys: z.array(ApiKeySchema) }) } },
    },
    ...KEYED_ERRORS,
  },
});

const createKeyRoute = createRoute({
  method: "post",
  path: "/apikeys",
  operationId: "createApiKey",
  tags: ["admin"],
  summary: "Create an API key",
  description:
    "As `dnsight apikey create`. The answer holds the key, once. A key acts as its user within its role's ceiling (a read key stays read-only); without `user` it belongs to the caller's user (a key made before users makes one of its own).",
  ...access("admin"),
  request: {
    body: {
      required: true,
      description: "JSON, at most 16 KiB",
      content: { "application/json": { schema: NewApiKeySchema } },
    },
  },
  responses: {
    201: {
      description: "Created",
      headers: z.object({ "Cache-Control": z.string().openapi({ example: "no-store" }) }),
      content: { "application/json": { schema: CreatedKeySchema } },
    },
    ...KEYED_ERRORS,
  },
});

const revokeRoute = createRoute({
  method: "delete",
  path: "/apikeys/{id}",
  operationId: "revokeApiKey",
  tags: ["admin"],
  summary: "Revoke an API key",
  description: "It stops working at once and stays listed. Revoking a revoked key changes nothing.",
  ...access("admin"),
  request: {
    params: z.object({
      id: z
        .string()
        .max(64)
        .openapi({ param: { name: "id", in: "path" }, example: "3f2a9c01b7e4" }),
    }),
  },
  responses: {
    204: { description: "Revoked" },
    404: problemContent("No key has that id"),
    ...KEYED_ERRORS,
  },
});

export function apikeyRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(listRoute, async (c) => {
    const keys = await requirePart(c.env.ctx.store, "apiKeys").listApiKeys();
    c.env.ctx.rows = keys.length;
    return c.json({ keys }, 200);
  });

  app.openapi(createKeyRoute, async (c) => {
    const ctx = c.env.ctx;
    const { name, role = "read", user } = c.req.valid("json");
    const owner = user ?? ctx.session?.user ?? ctx.key?.user;
    const { key, stored } = newApiKey(name, role, ctx.now);
    if (owner !== undefined) stored.user = owner;
    noteAudit(ctx, {
      target: stored.id,
      detail: `role ${role}${owner !== undefined ? `, user ${owner}` : ""}${name ? `, ${name}` : ""}`,
    });
    try {
      await storeApiKey(ctx.store, stored);
    } catch (e) {
      if (isDnsightError(e) && /^no enabled user/.test(e.message))
        throw new HttpError(400, `body field "user": ${e.message}`);
      throw e;
    }
    const { hash: _hash, ...info } = stored;
    return c.json({ ...info, key }, 201, { "cache-control": "no-store" });
  });

  app.openapi(revokeRoute, async (c) => {
    const ctx = c.env.ctx;
    const { id } = c.req.valid("param");
    const keys = requirePart(ctx.store, "apiKeys");
    const k = await keys.getApiKey(id);
    if (k === undefined) throw new HttpError(404, `no API key with id ${id}`);
    if (k.revokedAt === undefined) await keys.revokeApiKey(id, Math.floor(ctx.now));
    return c.body(null, 204);
  });
}
