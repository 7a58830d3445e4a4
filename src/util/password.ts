import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { DnsightError } from "../errors.js";

// Password hashes for the users of `dnsight serve`: scrypt (RFC 7914) from node:crypto,
// a random salt per hash, kept as a PHC string that carries its own parameters,
//   $scrypt$ln=15,r=8,p=1$<salt>$<hash>      (base64 without padding)
// so the cost can be raised later and old hashes still verify (needsRehash says when
// to store a new one). Here in util, below store and api, because it needs nothing
// but node:crypto and both the CLI and the API's login call it.

/** Longer passwords are refused unhashed: a 1 MB "password" must cost nothing. */
export const MAX_PASSWORD_BYTES = 1024;
/** NIST SP 800-63B 5.1.1.2: at least 8 characters. */
export const MIN_PASSWORD_CHARS = 8;

export interface ScryptParams {
  /** log2 of the cost N. */
  ln: number;
  r: number;
  p: number;
}

/** N = 2^15, r = 8: 32 MiB and ~50-100 ms a hash on this machine (RFC 7914 section 2). */
export const DEFAULT_SCRYPT: ScryptParams = { ln: 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Salt and key of the sizes made here (22 and 43 base64 digits): a truncated hash is
// corrupt, not a shorter key.
const HASH_RE =
  /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{22})\$([A-Za-z0-9+/]{43})$/;
/** What a stored hash may ask for: a corrupt or hostile row must not cost a GiB. */
const MAX_MEMORY = 256 * 1024 * 1024;

const memoryOf = ({ ln, r }: ScryptParams): number => 128 * 2 ** ln * r;

function derive(password: Buffer, salt: Buffer, keylen: number, q: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** q.ln, r: q.r, p: q.p, maxmem: memoryOf(q) * 2 };
  // The callback form runs on libuv's pool: the event loop keeps serving meanwhile.
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keylen, options, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

/**
 * The bytes hashed: NFKC-normalised UTF-8 (NIST SP 800-63B 5.1.1.2), so "é" typed
 * composed or decomposed is one password. Undefined when over the cap, measured
 * before normalising, which may lengthen text.
 */
function passwordBytes(password: string): Buffer | undefined {
  // UTF-8 takes at least a byte per UTF-16 unit: a long string is refused unread.
  if (password.length > MAX_PASSWORD_BYTES) return undefined;
  if (Buffer.byteLength(password, "utf8") > MAX_PASSWORD_BYTES) return undefined;
  const bytes = Buffer.from(password.normalize("NFKC"), "utf8");
  return bytes.length > MAX_PASSWORD_BYTES * 4 ? undefined : bytes;
}

/** DnsightError "INPUT" when a new password is too short or too long. */
export function checkNewPassword(password: string): void {
  if (
    password.length > MAX_PASSWORD_BYTES ||
    Buffer.byteLength(password, "utf8") > MAX_PASSWORD_BYTES
  )
    throw new DnsightError("INPUT", `the password is longer than ${MAX_PASSWORD_BYTES} bytes`);
  if ([...password].length < MIN_PASSWORD_CHARS)
    throw new DnsightError(
      "INPUT",
      `the password is shorter than ${MIN_PASSWORD_CHARS} characters`,
    );
}

/** A new hash of `password`, with a fresh salt. */
export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<string> {
  checkNewPassword(password);
  if (!validParams(params)) throw new DnsightError("INPUT", "scrypt parameters out of range");
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(passwordBytes(password)!, salt, KEY_BYTES, params);
  const b64 = (b: Buffer): string => b.toString("base64").replace(/=/g, "");
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

const validParams = (q: ScryptParams): boolean =>
  q.ln >= 10 &&
  q.ln <= 22 &&
  q.r >= 1 &&
  q.r <= 32 &&
  q.p >= 1 &&
  q.p <= 16 &&
  memoryOf(q) <= MAX_MEMORY;

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | undefined {
  const m = HASH_RE.exec(stored);
  if (!m) return undefined;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (!validParams(params)) return undefined;
  return { params, salt: Buffer.from(m[4]!, "base64"), key: Buffer.from(m[5]!, "base64") };
}

/** True when `stored` is a hash this module can verify. */
export const isPasswordHash = (stored: string): boolean => parseHash(stored) !== undefined;

/**
 * Whether `password` matches `stored`, compared in constant time. With no stored
 * hash (an unknown user) a hash is still computed, so that a login for a name that
 * does not exist takes as long as a wrong password. A malformed hash matches nothing.
 */
export async function verifyPassword(
  password: string,
  stored: string | undefined,
): Promise<boolean> {
  const parsed = stored === undefined ? undefined : parseHash(stored);
  const bytes = passwordBytes(password);
  if (bytes === undefined) return false;
  const q = parsed ?? {
    params: DEFAULT_SCRYPT,
    salt: Buffer.alloc(SALT_BYTES),
    key: Buffer.alloc(KEY_BYTES),
  };
  const key = await derive(bytes, q.salt, q.key.length, q.params);
  return parsed !== undefined && timingSafeEqual(key, q.key);
}

/** True when `stored` was made with weaker parameters than `params`: hash again at the next login. */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true;
  const q = parsed.params;
  return q.ln < params.ln || q.r < params.r || q.p < params.p;
}
