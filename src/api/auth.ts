import type { IncomingMessage } from "node:http";
import { KEY_ROLE_CEILING, roleAtLeast, storedKeyRole } from "../store/roles.js";
import type { ApiKeyInfo, ApiKeyRole, UserRole } from "../store/types.js";
import { checkApiKey } from "./keys.js";
import { HttpError, type RequestContext } from "./http.js";

// Who is asking. DNSDB clients send `X-API-Key: KEY`; CIRCL clients HTTP Basic
// (RFC 7617; the password is the key, the user name is ignored) or a bare
// `Authorization: KEY`. Every endpoint accepts all three. No key is 401 with a
// Basic challenge (RFC 9110 15.5.2 requires one); a wrong, revoked or too weak
// key is 403, as is a key whose user is disabled or removed.

export const CHALLENGE = { "www-authenticate": 'Basic realm="dnsight", charset="UTF-8"' };

/** The key a request carries, if any. */
export function presentedKey(req: IncomingMessage): string | undefined {
  const x = req.headers["x-api-key"];
  if (typeof x === "string" && x.trim() !== "") return x.trim();
  const auth = req.headers.authorization?.trim();
  if (!auth) return undefined;
  const basic = /^basic\s+([A-Za-z0-9+/=]+)$/i.exec(auth);
  if (basic) {
    const pair = Buffer.from(basic[1]!, "base64").toString("utf8");
    const colon = pair.indexOf(":");
    return colon >= 0 ? pair.slice(colon + 1) : pair;
  }
  const token = /^(?:bearer|token)\s+(\S+)$/i.exec(auth);
  return token ? token[1]! : auth;
}

/** The caller's checked key and what it may do now, or HttpError 403. */
export async function checkedKey(
  ctx: RequestContext,
  presented: string,
): Promise<{ key: ApiKeyInfo; role: UserRole }> {
  const keys = ctx.store.apiKeys;
  if (!keys) throw new HttpError(403, "this store keeps no API keys");
  const check = await checkApiKey(keys, presented);
  if (!check.ok)
    throw new HttpError(403, check.why === "revoked" ? "API key revoked" : "API key not valid");
  // A key acts for its user as the user is now: disabled or removed stops it, a
  // demoted user takes the key down too (src/store/roles.ts).
  const role = await storedKeyRole(ctx.store, check.key);
  if (role === undefined)
    throw new HttpError(403, "API key not valid: its user is disabled or gone");
  ctx.key = check.key;
  return { key: check.key, role };
}

/** The caller's key, or HttpError 401/403. */
export async function authenticate(ctx: RequestContext, need: ApiKeyRole): Promise<ApiKeyInfo> {
  const presented = presentedKey(ctx.req);
  if (presented === undefined)
    throw new HttpError(401, "an API key is required (X-API-Key header or HTTP Basic)", CHALLENGE);
  const { key, role } = await checkedKey(ctx, presented);
  if (!roleAtLeast(role, KEY_ROLE_CEILING[need]))
    throw new HttpError(403, `this needs an API key with the ${need} role`);
  return key;
}
