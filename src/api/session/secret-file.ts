import { randomBytes } from "node:crypto";
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { DnsightError } from "../../errors.js";
import { parseStoreUrl, type BackendLocation } from "../../store/open.js";

// The session secret (the key of the CSRF tokens, ./csrf.ts) kept in a file, so a
// restart keeps every session's token and several servers on one store agree. By
// default it sits beside the SQLite database that holds the users and sessions
// (DB.session-secret; for a composed store, beside its state database), made on
// first use with mode 0600: whoever can read it can forge no session (the tokens
// are in the database, hashed), but could make CSRF tokens for a stolen cookie.

export const SECRET_SUFFIX = ".session-secret";
/** An HMAC-SHA256 key needs no more; fewer is refused. */
const SECRET_MIN = 32;
/** A secret file is small: more is not a secret file. */
const SECRET_MAX = 4096;

/** Where the store at `url` keeps its session secret; undefined for an in-memory one. */
export function defaultSecretPath(url: string): string | undefined {
  const where = parseStoreUrl(url);
  const state: BackendLocation = where.backend === "composed" ? where.state : where;
  if (state.backend !== "sqlite" || state.path === ":memory:" || state.path === "")
    return undefined;
  return state.path + SECRET_SUFFIX;
}

interface Loaded {
  secret: Buffer;
  /** True when made now. */
  created: boolean;
  /** True when others than its owner may read it (mode beyond 0600): worth a warning. */
  open: boolean;
}

function readSecret(path: string): Omit<Loaded, "created"> {
  let text: string;
  let mode: number;
  try {
    const st = statSync(path);
    mode = st.mode;
    if (st.size > SECRET_MAX) throw new Error(`larger than ${SECRET_MAX} bytes`);
    text = readFileSync(path, "utf8").trim();
  } catch (e) {
    throw new DnsightError(
      "INPUT",
      `session secret ${path}: cannot read it (${(e as Error).message.split("\n")[0]})`,
      { cause: e },
    );
  }
  const secret = Buffer.from(text, "utf8");
  if (secret.length < SECRET_MIN)
    throw new DnsightError(
      "INPUT",
      `session secret ${path}: at least ${SECRET_MIN} characters (make one: openssl rand -base64 32)`,
    );
  return { secret, open: (mode & 0o077) !== 0 };
}

/**
 * The secret in `path`, made there first if there is none: written to a temporary
 * file of mode 0600 and linked into place, so two servers starting at once both end
 * up with the one that got there first, never a half-written file.
 */
export function loadSessionSecret(path: string): Loaded {
  try {
    return { ...readSecret(path), created: false };
  } catch (e) {
    if ((e as { cause?: NodeJS.ErrnoException }).cause?.code !== "ENOENT") throw e;
  }
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  let created = true;
  try {
    writeFileSync(tmp, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
    try {
      linkSync(tmp, path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      created = false;
    }
  } catch (e) {
    throw new DnsightError(
      "INPUT",
      `session secret ${path}: cannot create it (${(e as Error).message.split("\n")[0]})`,
      { cause: e },
    );
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // Not made, or already gone.
    }
  }
  return { ...readSecret(path), created };
}
