// Users of `dnsight serve`'s web UI and API: a small mutable table (the "state" side
// of a composed store), with their sessions (./sessions.ts) and API keys
// (./api-keys.ts) in the same backend, so that ending a user ends both at once.

/**
 * What a user may do. reader: read everything; analyst: also acknowledge and close
 * alerts and run checks; admin: also manage users, keys and watches, read the audit log.
 */
export type UserRole = "admin" | "analyst" | "reader";

/** Least powerful first: src/store/roles.ts ranks them in this order. */
export const USER_ROLES: readonly UserRole[] = ["reader", "analyst", "admin"];

/** A user as listed: never the password hash. */
export interface UserInfo {
  /** 1-64 of a-z 0-9 . _ @ -, starting with a letter or digit: what they log in with. */
  name: string;
  role: UserRole;
  /** Epoch seconds. */
  createdAt: number;
  /** A disabled user cannot log in, and their keys do not authenticate. */
  disabled: boolean;
}

/** A stored user: the info and the password hash (src/util/password.ts makes it). */
export interface StoredUser extends UserInfo {
  passwordHash: string;
}

/**
 * Users, by name. Every change that would leave no enabled admin where there was one
 * (demoting, disabling or removing the last) is refused with DnsightError "INPUT",
 * checked and done in one step, so two admins removing each other cannot both win.
 * A backend that keeps users keeps sessions and API keys beside them: a password
 * change, disabling and removal end the user's sessions in the same step.
 */
export interface UserStore {
  /** Adds a user; DnsightError "INPUT" when a field is invalid or the name is taken. */
  addUser(user: StoredUser): Promise<void>;
  getUser(name: string): Promise<StoredUser | undefined>;
  /** Every user, by name. */
  listUsers(): Promise<UserInfo[]>;
  /** False when no user has that name. */
  setUserRole(name: string, role: UserRole): Promise<boolean>;
  /** Replaces the hash and ends the user's sessions; false when no user has that name. */
  setUserPassword(name: string, passwordHash: string): Promise<boolean>;
  /** Disabling ends the user's sessions; false when no user has that name. */
  setUserDisabled(name: string, disabled: boolean): Promise<boolean>;
  /**
   * Removes the user, ends their sessions and revokes their API keys at `at` (the
   * keys stay listed: who had access when). False when no user has that name.
   */
  removeUser(name: string, at: number): Promise<boolean>;
}
