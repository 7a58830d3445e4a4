import { connect } from "node:net";
import { DnsightError } from "../../errors.js";
import { guardHost, type GuardOptions } from "../../net/address-guard.js";
import { guardedLookup } from "../../net/guarded-lookup.js";
import { socketErrorText } from "../../net/socket-error.js";
import { ipFamily } from "../../net/ip.js";

// One WHOIS exchange (RFC 3912): connect to port 43, send the query and CRLF,
// read until the server closes. Bounded in time and size, since a registry may
// stall or stream without end; decoded as UTF-8 when it is valid UTF-8, else in
// the charset the server is known to use, else Latin-1 (every byte is a char).
// Which server uses which charset: ../servers/whois-charsets.ts.

/** A whole WHOIS exchange, connect included, unless the caller says otherwise. */
export const WHOIS_TIMEOUT_MS = 10_000;

export interface WhoisQueryOptions extends GuardOptions {
  port?: number;
  /** Whole exchange, connect included (default 10 s). */
  timeoutMs?: number;
  /** Largest reply accepted (default 1 MiB). */
  maxBytes?: number;
  /** A WHATWG encoding label for replies that are not UTF-8 (e.g. "euc-kr", "shift_jis"). */
  charset?: string;
}

export interface WhoisReply {
  server: string;
  text: string;
  bytes: number;
}

export async function whoisQuery(
  server: string,
  query: string,
  o: WhoisQueryOptions = {},
): Promise<WhoisReply> {
  // The guard is the socket's resolver (every address of a name, happy eyeballs);
  // Node skips it for an IP literal, checked here.
  const host = server.replace(/^\[|\]$/g, "");
  if (ipFamily(host)) await guardHost(host, o);
  const port = o.port ?? 43;
  const timeoutMs = o.timeoutMs ?? WHOIS_TIMEOUT_MS;
  const maxBytes = o.maxBytes ?? 1 << 20;
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const done = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(Buffer.concat(chunks));
    };
    const timer = setTimeout(
      () =>
        done(new DnsightError("TIMEOUT", `whois ${server}: no complete answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const sock = connect({ host, port, lookup: guardedLookup(o) });
    sock.on("connect", () => sock.write(query + "\r\n"));
    sock.on("data", (d: Buffer) => {
      size += d.length;
      if (size > maxBytes) {
        done(
          new DnsightError(
            "INPUT",
            `whois ${server}: reply larger than ${maxBytes} bytes, dropped`,
          ),
        );
        return;
      }
      chunks.push(d);
    });
    sock.on("end", () => done());
    sock.on("error", (e) =>
      done(
        e instanceof DnsightError
          ? e
          : new DnsightError("NETWORK", `whois ${server}: ${socketErrorText(e)}`, { cause: e }),
      ),
    );
  });
  return { server, text: decodeWhois(raw, o.charset), bytes: raw.length };
}

/**
 * UTF-8 when the bytes are valid UTF-8, else the server's charset, else Latin-1.
 * A 7-bit escape charset (ISO-2022-JP, RFC 1468) is the exception: its bytes are
 * valid UTF-8 too, so the server's charset wins as soon as an ESC byte appears.
 */
export function decodeWhois(raw: Uint8Array, charset?: string): string {
  if (charset && /^(csiso2022jp|iso-2022-jp)$/i.test(charset) && raw.includes(0x1b)) {
    try {
      return new TextDecoder(charset, { fatal: true }).decode(raw);
    } catch {
      // Stray escapes that are not ISO-2022-JP: read it as UTF-8 below.
    }
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    // Not UTF-8: fall through to the server's own charset.
  }
  if (charset) {
    try {
      return new TextDecoder(charset).decode(raw);
    } catch {
      // An unknown label: Latin-1 below never fails.
    }
  }
  return new TextDecoder("latin1").decode(raw);
}
