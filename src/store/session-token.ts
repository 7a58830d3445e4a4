import { createHash, randomBytes } from "node:crypto";

// Session tokens (src/store/contract/sessions.ts): 256 random bits, sent in a cookie,
// kept by the store only as a SHA-256. A value nobody chose needs no password
// stretching (as API keys, src/api/keys.ts), and a plain hash lets a backend find
// the session by primary key.

/** 32 random bytes, base64url: 43 characters. */
export const SESSION_TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export const newSessionToken = (): string => randomBytes(32).toString("base64url");

/** What a backend stores and looks up: 64 lowercase hex digits. */
export const sessionTokenHash = (token: string): string =>
  createHash("sha256").update(token, "utf8").digest("hex");
