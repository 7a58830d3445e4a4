import { readFileSync } from "node:fs";
import { createSecureContext } from "node:tls";
import { DnsightError } from "../errors.js";

// The certificate and key of `serve --tls-cert/--tls-key`, read and checked before
// the server starts, so a missing, unreadable, malformed or mismatched file is one
// line naming it, not an OpenSSL error code at the first connection.

export interface TlsFiles {
  /** PEM: the certificate, then any intermediates. */
  cert: Buffer;
  /** PEM: its private key, unencrypted. */
  key: Buffer;
}

const firstLine = (e: unknown): string =>
  (e instanceof Error ? e.message : String(e)).split("\n")[0]!.replace(/^error:[0-9A-F]+:/i, "");

function read(path: string, what: string): Buffer {
  try {
    const b = readFileSync(path);
    if (b.length === 0) throw new Error("empty");
    return b;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EACCES"
          ? "permission denied"
          : code === "EISDIR"
            ? "a directory"
            : firstLine(e);
    throw new DnsightError("INPUT", `TLS ${what} ${path}: cannot read it (${why})`, { cause: e });
  }
}

/** Reads and checks both files: DnsightError "INPUT" naming the file that is wrong. */
export function loadTlsFiles(certPath: string, keyPath: string): TlsFiles {
  const cert = read(certPath, "certificate");
  const key = read(keyPath, "key");
  try {
    createSecureContext({ cert });
  } catch (e) {
    throw new DnsightError(
      "INPUT",
      `TLS certificate ${certPath}: not a PEM certificate (${firstLine(e)})`,
      { cause: e },
    );
  }
  try {
    createSecureContext({ key });
  } catch (e) {
    throw new DnsightError(
      "INPUT",
      `TLS key ${keyPath}: not an unencrypted PEM private key (${firstLine(e)})`,
      { cause: e },
    );
  }
  try {
    createSecureContext({ cert, key });
  } catch (e) {
    throw new DnsightError(
      "INPUT",
      `TLS key ${keyPath} does not match the certificate ${certPath} (${firstLine(e)})`,
      { cause: e },
    );
  }
  return { cert, key };
}
