import { request } from "node:http";
import type { DnsState } from "../monitor/dns-state.js";
import { DATA_COMPONENTS } from "./attack.js";
import type { Finding } from "./finding.js";
import { fingerprintFor, type TakeoverFingerprint } from "./takeover-fingerprints.js";

// The HTTP side of subdomain takeover (only with --http: it sends a request to the
// address the alias leads to): a service whose unclaimed resources still resolve
// shows its own page ("There isn't a GitHub Pages site here."). That page, asked for
// by the watched name, is the sign that anyone could claim it.

const MAX_BODY = 1 << 20;

/** The body of `GET /` at `address` for `host`, at most 1 MiB, or undefined on any failure. */
export function fetchPage(
  address: string,
  host: string,
  timeoutMs = 5000,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: address,
        port: 80,
        path: "/",
        headers: { host, "user-agent": "dnsight" },
        timeout: timeoutMs,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          body += c;
          if (body.length > MAX_BODY) req.destroy();
        });
        res.on("end", () => resolve(body));
        res.on("error", () => resolve(body || undefined));
      },
    );
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(undefined));
    req.end();
  });
}

export async function httpTakeoverFindings(
  state: DnsState,
  fingerprints: readonly TakeoverFingerprint[],
  at: string,
  fetch: (address: string, host: string) => Promise<string | undefined> = fetchPage,
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
