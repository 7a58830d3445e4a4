import type { IncomingMessage } from "node:http";
import { roleAtLeast } from "../../store/roles.js";
import type { UserRole } from "../../store/types.js";
import { checkedKey, CHALLENGE, presentedKey } from "../auth.js";
import { HttpError, type RequestContext } from "../http.js";
import { bucketsOf } from "../quota.js";
import { activeSession } from "./active.js";
import { clearedCookie, overTls, sessionToken } from "./cookie.js";
import { checkCsrf, checkOrigin, isStateChanging } from "./csrf.js";

// Who may call a /api/v1 route: an API key (X-API-Key, HTTP Basic, Bearer), acting
// for its user within the key's ceiling, or the web UI's session cookie, acting with
// its user's current role. A key is looked at first. A browser sends the cookie by
// itself, so a state-changing request that rides on it must also prove it came from
// our own page (./csrf.ts); HTTP Basic credentials a browser remembers are ambient
// as well, so those too are refused from a foreign Origin.
//
// Two steps: `identify` (401/403 for missing or bad credentials) and `permit` (the
// CSRF checks and the role). The guard takes the caller's rate between them, so a
// known caller pays a token for a refused request too: refusals cost it as much as
// answers, and each one the audit log records (src/api/v1/audit-log.ts) is paid for.

/**
 * The challenge of a 401 (RFC 9110 11.6.1 requires one). A page's script gets the
 * Cookie scheme (draft-broyer-http-cookie-auth): a Basic challenge would make the
 * browser pop up its own password dialog over the UI.
 */
export function challengeFor(req: IncomingMessage, forPage = false): Record<string, string> {
  const mode = req.headers["sec-fetch-mode"];
  const page =
    forPage ||
    sessionToken(req) !== undefined ||
    (req.headers["sec-fetch-site"] !== undefined && mode !== undefined && mode !== "navigate");
  return page
    ? { "www-authenticate": 'Cookie realm="dnsight", cookie-name="dnsight_session"' }
    : CHALLENGE;
}

/** 401 for a cookie that names no live session: the browser is told to drop it. */
export function sessionEnded(req: IncomingMessage): HttpError {
  return new HttpError(401, "not logged in, or the session has ended: log in again", {
    ...challengeFor(req, true),
    "set-cookie": clearedCookie(overTls(req)),
  });
}

/** A caller whose credentials hold: what it may do, and how it is counted. */
export interface Caller {
  /** What it may do now (the key's ceiling and its user's role applied). */
  role: UserRole;
  /** Its quota buckets (src/api/quota.ts): the key's and/or the user's. */
  buckets: string[];
  /** The session token, for a cookie caller (its CSRF token is derived from it). */
  session?: string;
}

/** Checks the caller's credentials: HttpError 401 without any, 403 for bad ones. */
export async function identify(ctx: RequestContext): Promise<Caller> {
  const req = ctx.req;
  const presented = presentedKey(req);
  if (presented !== undefined) {
    const { key, role } = await checkedKey(ctx, presented);
    return { role, buckets: bucketsOf(key.id, key.user) };
  }
  const token = sessionToken(req);
  if (token === undefined)
    throw new HttpError(
      401,
      "an API key (X-API-Key header or HTTP Basic) or a session cookie is required",
      challengeFor(req),
    );
  const session = await activeSession(ctx, token);
  if (session === undefined) throw sessionEnded(req);
  ctx.session = session;
  return { role: session.role, buckets: bucketsOf(undefined, session.user), session: token };
}

/** HttpError 403 unless `caller` may call a route needing role `need` with this request. */
export function permit(ctx: RequestContext, caller: Caller, need: UserRole): void {
  const req = ctx.req;
  if (isStateChanging(req.method)) {
    if (caller.session !== undefined) checkCsrf(req, ctx.sessions.secret, caller.session);
    else if (
      req.headers["x-api-key"] === undefined &&
      /^basic\s/i.test(req.headers.authorization ?? "")
    )
      checkOrigin(req);
  }
  if (roleAtLeast(caller.role, need)) return;
  if (ctx.session !== undefined)
    throw new HttpError(
      403,
      `this needs the ${need} role; ${ctx.session.user} is ${ctx.session.role}`,
    );
  throw new HttpError(403, `this needs the ${need} role; this API key may act as ${caller.role}`);
}
