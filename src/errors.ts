/**
 * The one error class of the library. `code` says what kind of failure it is, so
 * the CLI and the API can map it to an exit status or an HTTP status without
 * parsing messages; `cause` keeps the underlying error.
 */
export type ErrorCode =
  | "USAGE" // bad arguments or options
  | "INPUT" // malformed user input (a name, a type, a file)
  | "WIRE" // malformed DNS wire data
  | "NETWORK" // a socket failed
  | "TIMEOUT"
  | "STORE" // the database refused or is unusable
  | "UNSUPPORTED" // the store (or another backend) lacks the part or capability asked for
  | "INTERNAL";

// The CLI bundles each command apart from its entry (scripts/build-cli.mjs), so one
// process can hold two copies of this class: an error a command's copy throws must
// still be a DnsightError to the entry's copy, which maps it to an exit status. An
// instance is known by a registry symbol (the same in every copy), not by prototype.
const BRAND = Symbol.for("dnsight.DnsightError");

export class DnsightError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DnsightError";
    this.code = code;
  }

  static override [Symbol.hasInstance](x: unknown): boolean {
    // A subclass, should one appear, keeps the ordinary prototype check.
    if (this !== DnsightError) return Function.prototype[Symbol.hasInstance].call(this, x);
    return typeof x === "object" && x !== null && BRAND in x;
  }
}
Object.defineProperty(DnsightError.prototype, BRAND, { value: true });

export function isDnsightError(e: unknown): e is DnsightError {
  return e instanceof DnsightError;
}
