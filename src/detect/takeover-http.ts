import type { DnsState } from "../model/dns-state.js";
import type { Finding } from "../model/finding.js";
import type { GuardOptions } from "../net/address-guard.js";
import { httpRequest } from "../net/http-client.js";
import { DATA_COMPONENTS } from "./attack.js";
import { fingerprintFor, type TakeoverFingerprint } from "./takeover-fingerprints.js";

// The HTTP side of subdomain takeover (only with --http: it sends a request to the
// address the alias leads to): a service whose unclaimed resources still resolve
// shows its own page ("There isn't a GitHub Pages site here."). That page, asked for
// by the watched name, is the sign that anyone could claim it.
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

export async function httpTakeoverFindings(
  state: DnsState,
  fingerprints: readonly TakeoverFingerprint[],
  at: string,
  fetch: PageFetch = pageFetcher(),
): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const h of state.hosts) {
    if (!h.cname || h.cnameStatus !== "NOERROR" || h.a.length === 0) continue;
    const fp = fingerprintFor(h.cname, fingerprints);
    if (!fp || fp.nxdomain || !fp.fingerprint) continue;
    const body = await fetch(h.a[0]!, h.name);
    if (body === undefined || !body.includes(fp.fingerprint)) continue;
    out.push({
      rule: "dns.takeover-fingerprint",
      technique: "T1584.001",
      dataComponents: [DATA_COMPONENTS.active],
      entity: h.name,
      key: h.cname,
      severity: fp.vulnerable ? "critical" : "high",
      confidence: fp.vulnerable ? 90 : 70,
      summary: `${h.name} points at an unclaimed ${fp.service} resource (${h.cname}): its page says "${fp.fingerprint}"`,
      evidence: [
        { source: "active", what: `CNAME of ${h.name}`, after: h.cname, at },
        {
          source: "active",
          what: `GET http://${h.name}/ at ${h.a[0]}`,
          after: fp.fingerprint,
          at,
          ref: fp.service,
        },
      ],
    });
  }
  return out;
}
