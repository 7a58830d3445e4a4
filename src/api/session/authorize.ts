import type { IncomingMessage } from "node:http";
import { roleAtLeast } from "../../store/roles.js";
import type { UserRole } from "../../store/types.js";
import { authenticateKey, CHALLENGE, presentedKey } from "../auth.js";
import { HttpError, type RequestContext } from "../http.js";
import { activeSession } from "./active.js";
import { clearedCookie, overTls, sessionToken } from "./cookie.js";
import { checkCsrf, checkOrigin, isStateChanging } from "./csrf.js";

// Who may call a /api/v1 route: an API key (X-API-Key, HTTP Basic, Bearer), acting
// for its user within the key's ceiling, or the web UI's session cookie, acting with
// its user's current role. A key is looked at first. A browser sends the cookie by
// itself, so a state-changing request that rides on it must also prove it came from
// our own page (./csrf.ts); HTTP Basic credentials a browser remembers are ambient
// as well, so those too are refused from a foreign Origin.

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

/** Checks the caller for role `need`; returns the quota key it is counted under. */
export async function authorize(ctx: RequestContext, need: UserRole): Promise<string> {
  const req = ctx.req;
  const changing = isStateChanging(req.method);
  const presented = presentedKey(req);
  if (presented !== undefined) {
    if (
      changing &&
      req.headers["x-api-key"] === undefined &&
      /^basic\s/i.test(req.headers.authorization ?? "")
    )
      checkOrigin(req);
    return (await authenticateKey(ctx, presented, need)).id;
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
  if (changing) checkCsrf(req, ctx.sessions.secret, token);
  if (!roleAtLeast(session.role, need))
    throw new HttpError(403, `this needs the ${need} role; ${session.user} is ${session.role}`);
  ctx.session = session;
  return `user:${session.user}`;
}
