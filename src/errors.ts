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

export class DnsightError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DnsightError";
    this.code = code;
  }
}

export function isDnsightError(e: unknown): e is DnsightError {
  return e instanceof DnsightError;
}
