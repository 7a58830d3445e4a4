import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AuditOutcome } from "../../store/types.js";
import { printable } from "../../util/printable.js";
import type { ApiEnv } from "../app-env.js";
import type { RequestContext } from "../http.js";
import { isStateChanging } from "../session/csrf.js";
import { PROBLEM_TYPE } from "./problem.js";

// The audit trail of /api/v1: every state-changing call (POST, PUT, PATCH, DELETE)
// of a documented operation by a known caller is one entry, whoever's route it is,
// written once its answer is built. Who: "user:NAME" for a session or a key that
// belongs to a user (the detail names the key), "key:ID" for a key made before
// users; what: the operation's operationId; to what: its path parameters; how:
// ok below 400, denied for 401/403, failed for the rest, with the problem's detail.
// Left out: callers with no valid credentials (a stranger could fill the log for
// free), 429s (nothing was done, nothing paid), and the login and logout, which
// write their own entries (src/api/session/login.ts). A route may add a target and
// a detail of its own (noteAudit): the created user's name, "reader → analyst".

interface Operation {
  method: string;
  re: RegExp;
  params: string[];
  operationId: string;
}

interface Note {
  target?: string;
  detail?: string;
}

const notes = new WeakMap<RequestContext, Note>();

/** What the audit entry of this request should say beyond the path: set by a route. */
export function noteAudit(ctx: RequestContext, note: Note): void {
  notes.set(ctx, { ...notes.get(ctx), ...note });
}

/** The documented state-changing operations a caller is audited on. */
function operations(app: OpenAPIHono<ApiEnv>): Operation[] {
  const doc = app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "", version: "" } });
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths ?? {}))
    for (const [method, op] of Object.entries(ops ?? {})) {
      const o = op as { operationId?: string; "x-dnsight-access"?: string };
      const access = o["x-dnsight-access"];
      if (!isStateChanging(method) || o.operationId === undefined) continue;
      if (access === "public" || access === "session") continue;
      const params: string[] = [];
      const source = path
        .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
        .replace(/\{([^{}]+)\}/g, (_, name: string) => {
          params.push(name);
          return "([^/]+)";
        });
      out.push({
        method: method.toUpperCase(),
        re: new RegExp(`^${source}/?$`),
        params,
        operationId: o.operationId,
      });
    }
  return out;
}

const decode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const outcomeOf = (status: number): AuditOutcome | undefined =>
  status < 400
    ? "ok"
    : status === 401 || status === 403
      ? "denied"
      : status === 429
        ? undefined
        : "failed";

/** The problem's detail of an error answer (a small JSON body), if it is one. */
async function problemDetail(res: Response): Promise<string | undefined> {
  if (!(res.headers.get("content-type") ?? "").startsWith(PROBLEM_TYPE)) return undefined;
  try {
    const p = (await res.clone().json()) as { detail?: unknown };
    return typeof p.detail === "string" ? p.detail : undefined;
  } catch {
    return undefined;
  }
}

function match(
  table: readonly Operation[],
  method: string,
  path: string,
): { op: Operation; groups: RegExpExecArray } | undefined {
  for (const op of table) {
    if (op.method !== method) continue;
    const groups = op.re.exec(path);
    if (groups !== null) return { op, groups };
  }
  return undefined;
}

/** Registers the audit middleware on `app`, before its routes; `base` is the app's mount path. */
export function auditTrail(app: OpenAPIHono<ApiEnv>, base: string): void {
  let table: Operation[] | undefined;
  app.use("*", async (c, next) => {
    await next();
    const ctx = c.env.ctx;
    if (!isStateChanging(ctx.req.method)) return;
    const audit = ctx.store.audit;
    const who = ctx.session?.user ?? ctx.key?.user;
    const actor = who !== undefined ? `user:${who}` : ctx.key ? `key:${ctx.key.id}` : undefined;
    if (audit === undefined || actor === undefined) return;
    const outcome = outcomeOf(c.res.status);
    if (outcome === undefined) return;
    table ??= operations(app);
    const method = (ctx.req.method ?? "").toUpperCase();
    const path = ctx.url.pathname.slice(base.length) || "/";
    const hit = match(table, method, path);
    if (hit === undefined) return;
    const { op, groups } = hit;
    const note = notes.get(ctx) ?? {};
    const target =
      note.target ??
      (op.params.map((p, i) => `${p}=${decode(groups[i + 1]!)}`).join(" ") || undefined);
    const parts = [
      ctx.key !== undefined && who !== undefined ? `API key ${ctx.key.id}` : undefined,
      note.detail,
      outcome === "ok" ? undefined : `${c.res.status}: ${(await problemDetail(c.res)) ?? ""}`,
    ].filter((p) => p !== undefined && p !== "");
    const detail = printable(parts.join("; ")).slice(0, 2000);
    try {
      await audit.appendAudit({
        at: Date.now(),
        actor: printable(actor).slice(0, 200),
        action: op.operationId,
        ...(target !== undefined ? { target: printable(target).slice(0, 500) } : {}),
        outcome,
        ...(detail !== "" ? { detail } : {}),
      });
    } catch (e) {
      // The change is done and answered; the server's log keeps what the audit log lost.
      ctx.detail = `audit log: ${(e as Error).message.split("\n")[0]}`;
    }
  });
}
