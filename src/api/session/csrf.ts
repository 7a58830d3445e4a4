import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { HttpError } from "../http.js";
import { overTls } from "./cookie.js";

// CSRF defences for requests a browser sends with its cookie (OWASP CSRF cheat
// sheet): a synchroniser token and an Origin check. The token is not stored: it is
// HMAC-SHA256(server secret, session token), so a page of this origin learns it from
// the login or session answer, while another site, which can neither read that
// answer nor the HttpOnly cookie, cannot make it. A new secret (a restart without a
// configured one) changes every token; GET /session gives the current one.

export const CSRF_HEADER = "x-csrf-token";

/** Methods that change state (RFC 9110 9.2.1: all but the safe ones). */
export const isStateChanging = (method: string | undefined): boolean =>
  !["GET", "HEAD", "OPTIONS", "TRACE"].includes((method ?? "GET").toUpperCase());

export const csrfToken = (secret: Buffer, sessionToken: string): string =>
  createHmac("sha256", secret).update(`csrf\0${sessionToken}`, "utf8").digest("base64url");

/** This server's origin as the browser sees it: scheme of the socket, the Host it asked for (RFC 6454 4). */
export function ownOrigin(req: IncomingMessage): string | undefined {
  const host = req.headers.host?.trim().toLowerCase();
  if (!host) return undefined;
  return `${overTls(req) ? "https" : "http"}://${host}`;
}

/**
 * 403 when the request carries an Origin (RFC 6454 7) that is not this server's:
 * a page of another site, or "null" (a sandboxed or opaque one). No Origin passes
 * (a script or curl sends none; a browser always sends one on a cross-site POST).
 */
export function checkOrigin(req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  if (origin.trim().toLowerCase() !== ownOrigin(req))
    throw new HttpError(403, "cross-origin request refused (Origin is not this server)");
}

/** 403 unless X-CSRF-Token is the session's token and the Origin, if any, is ours. */
export function checkCsrf(req: IncomingMessage, secret: Buffer, sessionToken: string): void {
  checkOrigin(req);
  const given = req.headers[CSRF_HEADER];
  const want = Buffer.from(csrfToken(secret, sessionToken));
  const have = Buffer.from(typeof given === "string" ? given.trim() : "");
  if (have.length !== want.length || !timingSafeEqual(have, want))
    throw new HttpError(
      403,
      `a state-changing request with the session cookie needs the ${CSRF_HEADER} header of the session`,
    );
}
