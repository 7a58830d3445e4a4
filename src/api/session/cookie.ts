import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { SESSION_TOKEN_RE } from "../../store/session-token.js";

// The session cookie of the web UI (RFC 6265bis): HttpOnly (no script reads it),
// SameSite=Strict (no other site's page sends it), Path=/ and, over TLS, Secure. No
// Max-Age: a browser drops it when it closes; the store's sliding expiry ends it
// sooner. The token is 43 base64url characters, valid cookie-octets as they are.

export const SESSION_COOKIE = "dnsight_session";

/** True when the request came over TLS (the socket itself, never a proxy's header). */
export const overTls = (req: IncomingMessage): boolean =>
  (req.socket as Partial<TLSSocket> | null)?.encrypted === true;

const attributes = (secure: boolean): string =>
  `HttpOnly; SameSite=Strict; Path=/${secure ? "; Secure" : ""}`;

/** The Set-Cookie value that gives the browser `token`. */
export const sessionCookie = (token: string, secure: boolean): string =>
  `${SESSION_COOKIE}=${token}; ${attributes(secure)}`;

/** The Set-Cookie value that makes the browser forget it (RFC 6265 5.3 step 11: past expiry). */
export const clearedCookie = (secure: boolean): string =>
  `${SESSION_COOKIE}=; ${attributes(secure)}; Max-Age=0`;

/** Cookie headers read at most: a request cannot make us split megabytes. */
const COOKIE_HEADER_MAX = 8192;

/**
 * The session token the request's Cookie header carries: undefined when there is
 * none, "" when there is one but it is not a token (it can name no session).
 */
export function sessionToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  let found: string | undefined;
  for (const part of header.slice(0, COOKIE_HEADER_MAX).split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    // The first valid one: a cookie of a sub-path or parent domain may come along.
    if (SESSION_TOKEN_RE.test(value)) return value;
    found = "";
  }
  return found;
}
