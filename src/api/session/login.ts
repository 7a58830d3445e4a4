import type { AuditOutcome, StoredUser } from "../../store/types.js";
import { requirePart } from "../../store/require-part.js";
import { newSessionToken } from "../../store/session-token.js";
import { hasControl } from "../../util/printable.js";
import { verifyPassword } from "../../util/password.js";
import { HttpError, type RequestContext } from "../http.js";
import { type ActiveSession, epochSeconds, slidTo } from "./active.js";
import { challengeFor } from "./authorize.js";
import { checkOrigin } from "./csrf.js";

// Logging in and out. A wrong password, an unknown name and a disabled user all get
// the same 401 after the same work: the password is always checked against a hash
// (a dummy one for an unknown name, src/util/password.ts), and only then is the user
// looked at. Each attempt past the rate limit's 429 is written to the audit log, as
// is each logout; the password never is.

export const LOGIN_FAILED = "wrong user name or password";

/** The audit actor of a name someone typed: printable, within the log's 200 characters. */
function actorOf(name: string): string {
  const clean = hasControl(name) ? name.replace(/[\x00-\x1f\x7f-\x9f]/g, "?") : name;
  return `user:${clean === "" ? "?" : clean.slice(0, 190)}`;
}

async function audit(
  ctx: RequestContext,
  actor: string,
  action: string,
  outcome: AuditOutcome,
  detail?: string,
): Promise<void> {
  await requirePart(ctx.store, "audit").appendAudit({
    at: Date.now(),
    actor,
    action,
    outcome,
    ...(detail !== undefined ? { detail } : {}),
  });
}

export async function login(
  ctx: RequestContext,
  typed: string,
  password: string,
): Promise<ActiveSession> {
  checkOrigin(ctx.req);
  const users = requirePart(ctx.store, "users");
  const sessions = requirePart(ctx.store, "sessions");
  requirePart(ctx.store, "audit");
  const name = typed.trim().toLowerCase();
  ctx.sessions.limiter.admit(name, ctx.req.socket.remoteAddress);
  // Stored names are 1-64 of a-z 0-9 . _ @ -: anything else names nobody.
  const user: StoredUser | undefined = /^[a-z0-9][a-z0-9._@-]{0,63}$/.test(name)
    ? await users.getUser(name)
    : undefined;
  const ok = await verifyPassword(password, user?.passwordHash);
  if (!ok || user === undefined || user.disabled) {
    const why = user === undefined ? "no such user" : !ok ? "wrong password" : "user disabled";
    await audit(ctx, actorOf(name), "session.login", "denied", why);
    throw new HttpError(401, LOGIN_FAILED, challengeFor(ctx.req, true));
  }
  const now = epochSeconds(ctx);
  const token = newSessionToken();
  const info = { user: user.name, createdAt: now, lastUsedAt: now, expiresAt: 0 };
  info.expiresAt = slidTo(ctx, info, now);
  await sessions.createSession(token, info);
  try {
    await audit(ctx, `user:${user.name}`, "session.login", "ok");
  } catch (e) {
    // No session that the log does not show.
    await sessions.deleteSession(token);
    throw e;
  }
  return { token, user: user.name, role: user.role, info };
}

export async function logout(ctx: RequestContext, session: ActiveSession): Promise<void> {
  await requirePart(ctx.store, "sessions").deleteSession(session.token);
  await audit(ctx, `user:${session.user}`, "session.logout", "ok");
}
