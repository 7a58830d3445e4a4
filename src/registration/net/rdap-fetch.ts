import { DnsightError } from "../../errors.js";
import type { GuardOptions } from "../../net/address-guard.js";
import { httpRequest } from "../../net/http-client.js";

// One RDAP GET (RFC 7480): JSON over HTTP(S). 404 means the object does not
// exist; 429 means slow down, with Retry-After in seconds or as an HTTP date.
// Transport, address guard and deadline: ../../net/http-client.ts.

export interface RdapFetchOptions extends GuardOptions {
  timeoutMs?: number;
  maxBytes?: number;
  signal?: AbortSignal;
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
  const got = await httpRequest(u, { ...o, headers: { accept: ACCEPT }, label: "RDAP" });
  const res = { status: got.status, headers: got.headers, body: got.body.toString("utf8") };
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
