import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { DnsightError } from "../../errors.js";
import { guardHost, type GuardOptions } from "./address-guard.js";

// One RDAP GET (RFC 7480): JSON over HTTP(S). 404 means the object does not
// exist; 429 means slow down, with Retry-After in seconds or as an HTTP date.
// The connection goes to an address the SSRF guard checked (the guard is the
// socket's own resolver, so a name cannot resolve one way for the check and
// another way for the connect).

export interface RdapFetchOptions extends GuardOptions {
  timeoutMs?: number;
  maxBytes?: number;
}

export type RdapResponse =
  | { kind: "found"; url: string; json: unknown; raw: string }
  | { kind: "not-found"; url: string }
  | { kind: "throttled"; url: string; retryAfterMs: number };

const ACCEPT = "application/rdap+json, application/json;q=0.9";

export async function rdapGet(url: string, o: RdapFetchOptions = {}): Promise<RdapResponse> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new DnsightError("INPUT", `bad RDAP URL "${url}"`);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") {
    throw new DnsightError("INPUT", `RDAP URL "${url}" is not http(s)`);
  }
  // Node skips `lookup` for an IP literal, so that case is checked here.
  if (isIP(u.hostname.replace(/^\[|\]$/g, ""))) await guardHost(u.hostname, o);
  const lookup: LookupFunction = (host, _opts, cb) => {
    guardHost(host, o).then(
      (addrs) => {
        const a = addrs[0]!;
        (cb as (e: Error | null, a: string, f: number) => void)(null, a, a.includes(":") ? 6 : 4);
      },
      (e: Error) => (cb as (e: Error) => void)(e),
    );
  };
  const timeoutMs = o.timeoutMs ?? 15_000;
  const maxBytes = o.maxBytes ?? 4 << 20;
  const res = await new Promise<{
    status: number;
    headers: IncomingMessage["headers"];
    body: string;
  }>((resolve, reject) => {
    const req = (u.protocol === "https:" ? httpsRequest : httpRequest)(
      u,
      {
        method: "GET",
        headers: { accept: ACCEPT, "user-agent": "dnsight" },
        lookup,
        timeout: timeoutMs,
      },
      (r) => {
        const chunks: Buffer[] = [];
        let size = 0;
        r.on("data", (d: Buffer) => {
          size += d.length;
          if (size > maxBytes) {
            req.destroy(
              new DnsightError(
                "INPUT",
                `RDAP ${u.host}: response larger than ${maxBytes} bytes, dropped`,
              ),
            );
            return;
          }
          chunks.push(d);
        });
        r.on("end", () =>
          resolve({
            status: r.statusCode ?? 0,
            headers: r.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        r.on("error", reject);
      },
    );
    req.on("timeout", () =>
      req.destroy(new DnsightError("TIMEOUT", `RDAP ${u.host}: no answer in ${timeoutMs} ms`)),
    );
    req.on("error", (e) =>
      reject(
        e instanceof DnsightError
          ? e
          : new DnsightError("NETWORK", `RDAP ${u.host}: ${e.message}`, { cause: e }),
      ),
    );
    req.end();
  });
  if (res.status === 404) return { kind: "not-found", url };
  if (res.status === 429)
    return { kind: "throttled", url, retryAfterMs: retryAfter(res.headers["retry-after"]) };
  if (res.status < 200 || res.status >= 300) {
    throw new DnsightError("NETWORK", `RDAP ${u.host}: HTTP ${res.status} for ${u.pathname}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch (e) {
    throw new DnsightError(
      "INPUT",
      `RDAP ${u.host}: the answer for ${u.pathname} is not JSON (${(e as Error).message})`,
    );
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new DnsightError(
      "INPUT",
      `RDAP ${u.host}: the answer for ${u.pathname} is not a JSON object`,
    );
  }
  return { kind: "found", url, json, raw: res.body };
}

/** Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP date; 60 s when absent or unreadable. */
export function retryAfter(value: string | string[] | undefined, now = Date.now()): number {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return 60_000;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? 60_000 : Math.max(0, at - now);
}
