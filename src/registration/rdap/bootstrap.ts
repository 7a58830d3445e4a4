import { readFileSync } from "node:fs";
import { domainToASCII } from "node:url";
import { DnsightError } from "../../errors.js";
import { ipNumber, parsePrefix, prefixContains, type Prefix } from "../../net/ip-number.js";
import { RDAP_OVERRIDES, type RdapOverrides } from "./overrides.js";
import { urlFromRoot } from "../../package-root.js";

// RDAP bootstrap (RFC 9224): which server answers for a TLD, an address block or
// an AS number range. The four IANA files ship in data/bootstrap/; tests and
// `update-data` can build a Bootstrap from others.

export interface BootstrapFile {
  description?: string;
  publication?: string;
  version?: string;
  /** Each service is [keys, base URLs]. */
  services: [string[], string[]][];
}

export interface BootstrapFiles {
  dns: BootstrapFile;
  ipv4: BootstrapFile;
  ipv6: BootstrapFile;
  asn: BootstrapFile;
}

export type RdapQueryKind = "domain" | "ip" | "autnum" | "entity" | "nameserver";

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === "string");

/** Checks the shape of one parsed bootstrap file; `what` names it in the error. */
export function parseBootstrapFile(json: unknown, what: string): BootstrapFile {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new DnsightError("INPUT", `${what}: a bootstrap file must be a JSON object`);
  }
  const { services, description, publication, version } = json as Record<string, unknown>;
  if (!Array.isArray(services)) {
    throw new DnsightError("INPUT", `${what}: "services" must be an array`);
  }
  services.forEach((s: unknown, i) => {
    if (!Array.isArray(s) || s.length < 2 || !isStringArray(s[0]) || !isStringArray(s[1])) {
      throw new DnsightError("INPUT", `${what}: services[${i}] must be [[keys], [URLs]]`);
    }
  });
  return {
    services: services as [string[], string[]][],
    ...(typeof description === "string" ? { description } : {}),
    ...(typeof publication === "string" ? { publication } : {}),
    ...(typeof version === "string" ? { version } : {}),
  };
}

// Prefer https when a service lists both (RFC 9224 §3 leaves the choice to the client).
const httpsFirst = (urls: readonly string[]): string[] =>
  [...urls].sort((a, b) => Number(!a.startsWith("https:")) - Number(!b.startsWith("https:")));

export class Bootstrap {
  private readonly tlds = new Map<string, string[]>();
  private readonly prefixes: { prefix: Prefix; urls: string[] }[] = [];
  private readonly asns: { from: number; to: number; urls: string[] }[] = [];
  readonly publication: { dns?: string; ipv4?: string; ipv6?: string; asn?: string };

  constructor(files: BootstrapFiles, overrides: RdapOverrides = RDAP_OVERRIDES) {
    for (const [keys, urls] of files.dns.services) {
      for (const k of keys) this.tlds.set(k.toLowerCase().replace(/\.$/, ""), httpsFirst(urls));
    }
    // Overrides fill gaps only: when IANA lists a TLD, IANA wins.
    for (const [tld, o] of Object.entries(overrides)) {
      if (!this.tlds.has(tld)) this.tlds.set(tld, httpsFirst(o.urls));
    }
    for (const [keys, urls] of [...files.ipv4.services, ...files.ipv6.services]) {
      for (const k of keys) {
        const prefix = parsePrefix(k);
        if (prefix) this.prefixes.push({ prefix, urls: httpsFirst(urls) });
      }
    }
    for (const [keys, urls] of files.asn.services) {
      for (const k of keys) {
        const [from, to = from] = k.split("-").map(Number);
        if (from !== undefined && to !== undefined && Number.isInteger(from + to)) {
          this.asns.push({ from, to, urls: httpsFirst(urls) });
        }
      }
    }
    this.publication = {
      dns: files.dns.publication,
      ipv4: files.ipv4.publication,
      ipv6: files.ipv6.publication,
      asn: files.asn.publication,
    };
  }

  /** Base URLs for a domain name: the longest matching suffix of labels wins. */
  forDomain(name: string): string[] {
    const ascii = domainToASCII(name.trim().replace(/\.$/, "")) || name.toLowerCase();
    const labels = ascii.toLowerCase().split(".");
    for (let i = 0; i < labels.length; i++) {
      const urls = this.tlds.get(labels.slice(i).join("."));
      if (urls) return [...urls];
    }
    return [];
  }

  /** Base URLs for an address (or a prefix "addr/len"): the longest covering prefix wins. */
  forIp(addr: string): string[] {
    const [host = "", len] = addr.trim().split("/");
    let parsed = ipNumber(host);
    if (!parsed) return [];
    let queryLength = len === undefined ? (parsed.version === 4 ? 32 : 128) : Number(len);
    // An IPv4-mapped IPv6 address (::ffff:a.b.c.d, RFC 4291 §2.5.5.2) is looked up as IPv4.
    if (parsed.version === 6 && parsed.value >> 32n === 0xffffn && queryLength >= 96) {
      parsed = { version: 4, value: parsed.value & 0xffffffffn };
      queryLength -= 96;
    }
    let best: { prefix: Prefix; urls: string[] } | undefined;
    for (const entry of this.prefixes) {
      if (entry.prefix.length > queryLength) continue;
      if (!prefixContains(entry.prefix, parsed.version, parsed.value)) continue;
      if (!best || entry.prefix.length > best.prefix.length) best = entry;
    }
    return best ? [...best.urls] : [];
  }

  /** Base URLs for an AS number (`13335`, `"AS13335"`). */
  forAsn(asn: number | string): string[] {
    const n = typeof asn === "number" ? asn : Number(asn.trim().replace(/^as/i, ""));
    if (!Number.isInteger(n) || n < 0) return [];
    const hit = this.asns.find((r) => n >= r.from && n <= r.to);
    return hit ? [...hit.urls] : [];
  }
}

/** Joins a base URL and a query path (RFC 9082 §3.1): `domain/NAME`, `ip/ADDR[/LEN]`, `autnum/N`. */
export function rdapUrl(base: string, kind: RdapQueryKind, key: string | number): string {
  const root = base.endsWith("/") ? base : `${base}/`;
  // An IP prefix keeps its slash (ip/192.0.2.0/24); everything else is one segment.
  // Colons are legal in a path segment (RFC 3986 pchar), so IPv6 stays readable.
  const segment = (v: string): string => encodeURIComponent(v).replace(/%3A/gi, ":");
  const path = kind === "ip" ? String(key).split("/").map(segment).join("/") : segment(String(key));
  return `${root}${kind}/${path}`;
}

let shipped: Bootstrap | undefined;

/** The bootstrap shipped in data/bootstrap/ (read once), from src/ or dist/ alike. */
export function loadShippedBootstrap(): Bootstrap {
  if (!shipped) {
    const read = (name: keyof BootstrapFiles): BootstrapFile => {
      const url = urlFromRoot("data", "bootstrap", `${name}.json`);
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(url, "utf8"));
      } catch (e) {
        throw new DnsightError("INTERNAL", `cannot read ${url.pathname}: ${(e as Error).message}`, {
          cause: e,
        });
      }
      return parseBootstrapFile(json, url.pathname);
    };
    shipped = new Bootstrap({
      dns: read("dns"),
      ipv4: read("ipv4"),
      ipv6: read("ipv6"),
      asn: read("asn"),
    });
  }
  return shipped;
}
