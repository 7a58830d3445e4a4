import { randomBytes } from "node:crypto";
import { DEFAULT_LOGIN_LIMITS, LoginLimiter, type LoginLimits } from "./login-limit.js";

// What the server keeps for login sessions, made once per handler: the secret of the
// CSRF tokens (./csrf.ts), the login limiter, and how long a session lives.

export interface SessionOptions extends Partial<LoginLimits> {
  /**
   * The key of the CSRF tokens (at least 32 bytes). Give the same one to every
   * server of a deployment and across restarts (`dnsight serve` keeps it in a file,
   * ./secret-file.ts); by default a random one per handler, so a restart changes the
   * tokens (the UI would read the new one from GET /session).
   */
  sessionSecret?: Buffer;
  /** A session unused this long (seconds) ends; each use pushes it back (sliding). */
  sessionIdleSeconds?: number;
  /** A session ends this long (seconds) after login, however much it is used. */
  sessionMaxSeconds?: number;
}

export interface SessionConfig {
  secret: Buffer;
  idleSeconds: number;
  maxSeconds: number;
  limiter: LoginLimiter;
}

export const DEFAULT_SESSION_IDLE = 12 * 3600;
export const DEFAULT_SESSION_MAX = 7 * 24 * 3600;

export function sessionConfig(o: SessionOptions): SessionConfig {
  if (o.sessionSecret !== undefined && o.sessionSecret.length < 32)
    throw new RangeError("sessionSecret: at least 32 bytes");
  const pick = <K extends keyof LoginLimits>(k: K): number => o[k] ?? DEFAULT_LOGIN_LIMITS[k];
  return {
    secret: o.sessionSecret ?? randomBytes(32),
    idleSeconds: o.sessionIdleSeconds ?? DEFAULT_SESSION_IDLE,
    maxSeconds: o.sessionMaxSeconds ?? DEFAULT_SESSION_MAX,
    limiter: new LoginLimiter({
      loginPerUser: pick("loginPerUser"),
      loginPerAddress: pick("loginPerAddress"),
      loginWindow: pick("loginWindow"),
    }),
  };
}
