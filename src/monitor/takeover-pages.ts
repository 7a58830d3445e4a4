import { pagesToFetch } from "../detect/takeover-page.js";
import type { TakeoverFingerprint } from "../detect/takeover-fingerprints.js";
import type { DnsState } from "../model/dns-state.js";
import type { GuardOptions } from "../net/address-guard.js";
import { httpRequest } from "../net/http-client.js";

// The collector of the HTTP takeover check (monitor --http): asks each aliased host
// whose service shows an "unclaimed" page for `GET /`, at the address its alias leads
// to, and hands the bodies to the analytic (detect/takeover-page.ts).
// The address comes from the DNS of a watched name, which its owner (or whoever took
// it over) controls, so it passes the address guard like a registry's link: loopback,
// the LAN and metadata addresses are not asked unless --allow-private names them.

const MAX_BODY = 1 << 20;

export interface TakeoverProbeOptions extends GuardOptions {
  /** The whole exchange (default 5 s). */
  timeoutMs?: number;
  /** Port to ask on (default 80); a test's web server. */
  port?: number;
}

export type PageFetch = (address: string, host: string) => Promise<string | undefined>;

/** The body of `GET /` at `address` for `host`, at most 1 MiB, or undefined on any failure or refusal. */
export async function fetchPage(
  address: string,
  host: string,
  o: TakeoverProbeOptions = {},
): Promise<string | undefined> {
  try {
    const url = new URL(`http://${host}${o.port ? `:${o.port}` : ""}/`);
    const res = await httpRequest(url, {
      ...o,
      address,
      label: "takeover probe",
      timeoutMs: o.timeoutMs ?? 5000,
      maxBytes: MAX_BODY,
    });
    return res.body.toString("utf8");
  } catch {
    return undefined;
  }
}

/** fetchPage with these options, for the monitor. */
export const pageFetcher =
  (o: TakeoverProbeOptions = {}): PageFetch =>
  (address, host) =>
    fetchPage(address, host, o);

/** The pages the takeover analytic reads: one request per host it names, one after another. */
export async function collectPages(
  state: DnsState,
  fingerprints: readonly TakeoverFingerprint[],
  fetch: PageFetch = pageFetcher(),
): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  for (const { host, address } of pagesToFetch(state, fingerprints)) {
    const body = await fetch(address, host);
    if (body !== undefined) pages.set(host, body);
  }
  return pages;
}
