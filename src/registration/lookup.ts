import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DnsightError } from "../errors.js";
import type { RegistrationRecord } from "../model/registration.js";
import { guardOptions, type GuardOptions } from "../net/address-guard.js";
import type { PerServerLimiter } from "./net/per-server-limiter.js";
import { rdapGet } from "./net/rdap-fetch.js";
import {
  Bootstrap,
  loadShippedBootstrap,
  parseBootstrapFile,
  rdapUrl,
  type BootstrapFiles,
} from "./rdap/bootstrap.js";
import { relatedRdapUrl } from "./rdap/links.js";
import { mergeRegistrarRecord } from "./rdap/merge.js";
import { parseRdap } from "./rdap/parse.js";
import { emptyRecord } from "./record.js";
import type { ServerTable } from "./servers/whois-servers.js";
import type { RegistrationTarget } from "./target.js";
import { fetchWhoisChain } from "./whois-chain.js";
import { fetchWhoisNumberChain } from "./whois-number-chain.js";
import { mergeRirRecords } from "./whois/rir-merge.js";
import { parseRirWhois } from "./whois/rir.js";
import { parseWhois } from "./whois/parse.js";
import { isoToSecond } from "../util/time.js";

// `dnsight registration X`: RDAP first (the IANA bootstrap says where), the
// registrar's RDAP followed for thin registries; WHOIS when RDAP has no server for
// the name or fails (for an IP or AS number: ARIN, then the RIR it refers to).
// The raw responses come back with the record, to be kept in the snapshot beside it.

export type Protocol = "auto" | "rdap" | "whois";

export interface RegistrationLookupOptions extends GuardOptions {
  protocol?: Protocol;
  bootstrap?: Bootstrap;
  /**
   * WHOIS servers: TLD entries for domains; an entry keyed by a server's host name
   * ("whois.arin.net", "whois.ripe.net") redirects that server for IP and AS
   * number lookups, e.g. to "127.0.0.1:4343" (a mirror, or tests).
   */
  table?: ServerTable;
  limiter?: PerServerLimiter;
  timeoutMs?: number;
  /** WHOIS port for every server (tests). */
  whoisPort?: number;
}

export interface RegistrationLookup {
  record: RegistrationRecord;
  /** The responses as received, in the order asked. */
  raw: string;
  /** Why the other protocol was not used or failed, when it was tried. */
  notes: string[];
}

/** How long a server that answered with a throttle text is left alone. */
const WHOIS_THROTTLE_BACKOFF_MS = 60_000;

const now = (): string => isoToSecond();

export async function lookupRegistration(
  t: RegistrationTarget,
  o: RegistrationLookupOptions = {},
): Promise<RegistrationLookup> {
  const protocol = o.protocol ?? "auto";
  const notes: string[] = [];
  if (protocol !== "whois") {
    try {
      const r = await viaRdap(t, o);
      if (r && (protocol === "rdap" || t.kind !== "domain" || !isThin(r.record)))
        return { ...r, notes };
      if (r && t.kind === "domain") {
        // A registered domain whose RDAP answer says almost nothing: WHOIS may
        // say more (some ccTLD RDAP servers are stubs). The fuller answer wins.
        try {
          const w = await viaWhois(t.name, o);
          if (richness(w.record) > richness(r.record)) {
            return { ...w, notes: [...notes, "RDAP: the answer was thinner than WHOIS's"] };
          }
        } catch (e) {
          notes.push(`WHOIS: ${(e as Error).message}`);
        }
        return { ...r, notes };
      }
      notes.push("RDAP: no server for this name in the bootstrap");
    } catch (e) {
      if (protocol === "rdap") throw e;
      notes.push(`RDAP: ${(e as Error).message}`);
    }
    if (protocol === "rdap")
      throw new DnsightError("INPUT", `no RDAP server is known for ${label(t)}`);
  }
  try {
    return { ...(await (t.kind === "domain" ? viaWhois(t.name, o) : viaWhoisNumber(t, o))), notes };
  } catch (e) {
    // Both protocols failed: say why for each in the one error.
    if (notes.length === 0 || !(e instanceof DnsightError)) throw e;
    throw new DnsightError(e.code, `${e.message}; ${notes.join("; ")}`, { cause: e });
  }
}

/** How many of the facts an analyst looks for first a record holds. */
function richness(r: RegistrationRecord): number {
  return [
    r.created,
    r.expires,
    r.updated,
    r.registrar.name,
    r.nameservers[0],
    r.contacts[0],
    r.eppStatus[0],
  ].filter((x) => x !== undefined).length;
}

/** A registered domain with fewer than three of those facts. */
function isThin(r: RegistrationRecord): boolean {
  return r.status === "registered" && richness(r) < 3;
}

function label(t: RegistrationTarget): string {
  return t.kind === "domain" ? t.name : t.kind === "ip" ? t.address : `AS${t.number}`;
}

async function viaRdap(
  t: RegistrationTarget,
  o: RegistrationLookupOptions,
): Promise<Omit<RegistrationLookup, "notes"> | undefined> {
  const boot = o.bootstrap ?? loadShippedBootstrap();
  const [bases, kind, key, expect] =
    t.kind === "domain"
      ? [boot.forDomain(t.name), "domain" as const, t.name, "domain" as const]
      : t.kind === "ip"
        ? [boot.forIp(t.address), "ip" as const, t.address, "ip network" as const]
        : [boot.forAsn(t.number), "autnum" as const, t.number, "autnum" as const];
  if (bases.length === 0) return undefined;
  const url = rdapUrl(bases[0]!, kind, key);
  const server = new URL(url).host;
  await o.limiter?.acquire(server);
  const fetchOpts = {
    ...guardOptions(o),
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
  };
  const res = await rdapGet(url, fetchOpts);
  const source = { protocol: "rdap" as const, server, fetchedAt: now(), referrals: [] };
  if (res.kind === "throttled") {
    o.limiter?.backOff(server, res.retryAfterMs);
    const rec = emptyRecord(label(t), source);
    rec.status = "throttled";
    return { record: rec, raw: `HTTP 429 from ${url}, retry after ${res.retryAfterMs} ms` };
  }
  if (res.kind === "not-found") {
    const rec = emptyRecord(label(t), source);
    rec.status = "available";
    return { record: rec, raw: `HTTP 404 from ${url}` };
  }
  let record = parseRdap(res.json, { source, expect, name: label(t) });
  let raw = res.raw;
  const related = t.kind === "domain" ? relatedRdapUrl(res.json) : undefined;
  if (related) {
    // The registrar's answer adds contacts; the registry's stands if it fails.
    try {
      await o.limiter?.acquire(new URL(related).host);
      const reg = await rdapGet(related, fetchOpts);
      if (reg.kind === "found") {
        const host = new URL(related).host;
        const registrar = parseRdap(reg.json, {
          source: { ...source, server: host },
          expect: "domain",
          name: label(t),
        });
        record = mergeRegistrarRecord(record, registrar, host);
        raw += "\n" + reg.raw;
      }
    } catch (e) {
      raw += `\n(registrar RDAP ${related} failed: ${(e as Error).message})`;
    }
  }
  return { record, raw };
}

async function viaWhois(
  domain: string,
  o: RegistrationLookupOptions,
): Promise<Omit<RegistrationLookup, "notes">> {
  const hops = await fetchWhoisChain(domain, {
    ...guardOptions(o),
    ...(o.table ? { table: o.table } : {}),
    ...(o.limiter ? { limiter: o.limiter } : {}),
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.whoisPort !== undefined ? { port: o.whoisPort } : {}),
  });
  const answered = hops.filter((h) => h.text !== undefined && h.server !== "whois.iana.org");
  if (answered.length === 0) {
    const why = hops.map((h) => `${h.server}: ${h.error ?? "no answer"}`).join("; ");
    throw new DnsightError("NETWORK", `no WHOIS answer for ${domain} (${why})`);
  }
  const fetchedAt = now();
  const parsed = answered.map((h) => {
    const rec = parseWhois(h.text!, { server: h.server, domain });
    rec.source = { protocol: "whois", server: h.server, fetchedAt, referrals: [] };
    // A throttle text instead of data: leave that server alone for a while.
    if (rec.status === "throttled") o.limiter?.backOff(h.server, WHOIS_THROTTLE_BACKOFF_MS);
    return rec;
  });
  // The registry's record leads; each registrar answer after it fills what it lacks.
  let record = parsed[0]!;
  for (let i = 1; i < parsed.length; i++) {
    if (parsed[i]!.status === "registered")
      record = mergeRegistrarRecord(record, parsed[i]!, answered[i]!.server);
  }
  const raw = hops
    .map((h) => `% ${h.server} (query "${h.query}")\n${h.text ?? `(failed: ${h.error})`}`)
    .join("\n");
  return { record, raw };
}

async function viaWhoisNumber(
  t: Exclude<RegistrationTarget, { kind: "domain" }>,
  o: RegistrationLookupOptions,
): Promise<Omit<RegistrationLookup, "notes">> {
  const key = t.kind === "ip" ? t.address : `AS${t.number}`;
  const hops = await fetchWhoisNumberChain(key, {
    ...guardOptions(o),
    ...(o.table ? { table: o.table } : {}),
    ...(o.limiter ? { limiter: o.limiter } : {}),
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.whoisPort !== undefined ? { port: o.whoisPort } : {}),
  });
  const answered = hops.filter((h) => h.text !== undefined);
  if (answered.length === 0) {
    const why = hops.map((h) => `${h.server}: ${h.error ?? "no answer"}`).join("; ");
    throw new DnsightError("NETWORK", `no WHOIS answer for ${key} (${why})`);
  }
  const fetchedAt = now();
  const parsed = answered.map((h) => {
    const rec = parseRirWhois(h.text!, { server: h.server, key, fetchedAt });
    if (rec.status === "throttled") o.limiter?.backOff(h.server, WHOIS_THROTTLE_BACKOFF_MS);
    return rec;
  });
  const record = mergeRirRecords(parsed);
  record.source = {
    protocol: "whois",
    server: hops[0]!.server,
    fetchedAt,
    referrals: hops.slice(1).map((h) => h.server),
  };
  const raw = hops
    .map((h) => {
      const via = h.address === undefined ? "" : ` via ${h.address}:${h.port}`;
      return `% ${h.server}${via} (query "${h.query}")\n${h.text ?? `(failed: ${h.error})`}`;
    })
    .join("\n");
  return { record, raw };
}

/** A bootstrap from a folder holding dns.json, ipv4.json, ipv6.json and asn.json. */
export function loadBootstrapDir(dir: string): Bootstrap {
  const read = (name: keyof BootstrapFiles) => {
    const path = join(dir, `${name}.json`);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, "utf8"));
    } catch (e) {
      throw new DnsightError(
        "INPUT",
        `cannot read bootstrap file ${path}: ${(e as Error).message}`,
      );
    }
    return parseBootstrapFile(json, path);
  };
  return new Bootstrap({
    dns: read("dns"),
    ipv4: read("ipv4"),
    ipv6: read("ipv6"),
    asn: read("asn"),
  });
}
