import type { ApiKeyInfo, ApiKeyRole, Store, UserInfo, UserRole } from "./types.js";

// Who may do what, from the stored roles: users rank reader < analyst < admin, and an
// API key acts for its user within the ceiling of its own role. The API's checks and
// the UI's menus ask these, so the rules live in one place.

const RANK: Readonly<Record<UserRole, number>> = { reader: 1, analyst: 2, admin: 3 };

/** True when `have` may do what `need` may. */
export const roleAtLeast = (have: UserRole, need: UserRole): boolean => RANK[have] >= RANK[need];

/**
 * The most a key of each role may do. `read` keys stay read-only whoever owns them;
 * an `admin` key may do all its user may. A key made before users existed has no
 * user, and this is its role: read → reader, admin → admin, its powers unchanged.
 */
export const KEY_ROLE_CEILING: Readonly<Record<ApiKeyRole, UserRole>> = {
  read: "reader",
  admin: "admin",
};

/**
 * What a key may do, given its user as stored now (look it up by `key.user`), or
 * undefined when it may do nothing: revoked, or its user gone or disabled.
 */
export function keyRole(key: ApiKeyInfo, owner: UserInfo | undefined): UserRole | undefined {
  if (key.revokedAt !== undefined) return undefined;
  const ceiling = KEY_ROLE_CEILING[key.role];
  if (key.user === undefined) return ceiling;
  if (owner === undefined || owner.name !== key.user || owner.disabled) return undefined;
  return roleAtLeast(owner.role, ceiling) ? ceiling : owner.role;
}

/**
 * keyRole with the key's user read from `store`: what a request's checked key may do
 * now (a user disabled or demoted since the key was made counts). A key with a user
 * on a store that keeps no users may do nothing.
 */
export async function storedKeyRole(
  store: Pick<Store, "users">,
  key: ApiKeyInfo,
): Promise<UserRole | undefined> {
  if (key.user === undefined) return keyRole(key, undefined);
  const owner = await store.users?.getUser(key.user);
  return keyRole(key, owner);
}
