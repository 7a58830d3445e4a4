import type { SessionInfo, UserRole } from "../../store/types.js";
import type { RequestContext } from "../http.js";

// The session a request's cookie names, as it is now: found, not expired, its user
// still there and enabled, acting with the user's current role (a demotion counts at
// once). Using it slides its expiry: idle time restarts, up to the session's maximum
// age. The store is written at most once a minute per session, except when asked.

export interface ActiveSession {
  token: string;
  user: string;
  role: UserRole;
  info: SessionInfo;
}

/** Seconds between two touches of a session in use. */
const TOUCH_EVERY = 60;

export const epochSeconds = (ctx: RequestContext): number => Math.floor(ctx.now);

/** When a session used at `now` expires: idle time from now, never past its maximum age. */
export const slidTo = (ctx: RequestContext, info: SessionInfo, now: number): number =>
  Math.min(now + ctx.sessions.idleSeconds, info.createdAt + ctx.sessions.maxSeconds);

export async function activeSession(
  ctx: RequestContext,
  token: string,
  touch = false,
): Promise<ActiveSession | undefined> {
  const { sessions, users } = ctx.store;
  if (sessions === undefined || users === undefined || token === "") return undefined;
  const now = epochSeconds(ctx);
  const info = await sessions.getSession(token, now);
  if (info === undefined) return undefined;
  const user = await users.getUser(info.user);
  if (user === undefined || user.disabled) return undefined;
  if (touch || now - info.lastUsedAt >= TOUCH_EVERY) {
    const expiresAt = slidTo(ctx, info, now);
    if (expiresAt <= now || !(await sessions.touchSession(token, now, expiresAt))) return undefined;
    info.lastUsedAt = now;
    info.expiresAt = expiresAt;
  }
  return { token, user: user.name, role: user.role, info };
}
