import { readFileSync } from "node:fs";
import { DnsightError } from "../errors.js";
import { urlFromRoot } from "../package-root.js";

// Services whose abandoned resources can be claimed by anyone, from can-i-take-over-xyz
// (data/takeover/, CC BY 4.0): a CNAME into one of their domains that no longer
// resolves is an open door to the subdomain (T1584.001).

export interface TakeoverFingerprint {
  service: string;
  /** Domain suffixes the service's resources live under. */
  cname: string[];
  /** True when the sign of an unclaimed resource is NXDOMAIN for the target. */
  nxdomain: boolean;
  /** The HTTP body text that shows an unclaimed resource, when it is not NXDOMAIN. */
  fingerprint: string;
  vulnerable: boolean;
  status: string;
}

const SHIPPED = urlFromRoot("data", "takeover", "fingerprints.json");
let shipped: TakeoverFingerprint[] | undefined;

export function loadFingerprints(path: URL | string = SHIPPED): TakeoverFingerprint[] {
  if (path === SHIPPED && shipped) return shipped;
  let list: unknown;
  try {
    list = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new DnsightError(
      "INPUT",
      `takeover fingerprints ${String(path)}: ${(e as Error).message}`,
    );
  }
  if (!Array.isArray(list))
    throw new DnsightError("INPUT", `takeover fingerprints ${String(path)}: not a JSON array`);
  const out = list
    .filter((f): f is Record<string, unknown> => typeof f === "object" && f !== null)
    .map((f) => ({
      service: String(f.service ?? "?"),
      cname: (Array.isArray(f.cname) ? f.cname : [])
        .map((c) =>
          String(c)
            .toLowerCase()
            .replace(/^\.|\.$/g, ""),
        )
        .filter(Boolean),
      nxdomain: f.nxdomain === true,
      fingerprint: String(f.fingerprint ?? ""),
      vulnerable: f.vulnerable === true,
      status: String(f.status ?? ""),
    }))
    .filter((f) => f.cname.length > 0);
  if (path === SHIPPED) shipped = out;
  return out;
}

/** The fingerprint whose service domain holds `target`, if any. */
export function fingerprintFor(
  target: string,
  list: readonly TakeoverFingerprint[],
): TakeoverFingerprint | undefined {
  const t = target.toLowerCase().replace(/\.$/, "");
  return list.find((f) => f.cname.some((c) => t === c || t.endsWith(`.${c}`)));
}
