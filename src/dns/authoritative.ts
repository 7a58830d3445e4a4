import { DnsightError } from "../errors.js";
import { endpointOf, type Endpoint } from "./client/endpoint.js";
import type { StubClient } from "./client/stub.js";
import { toDnsResult, type DnsResult } from "./result.js";
import { absolute, lowerAscii } from "./wire/name.js";
import { ipFamily } from "../net/ip.js";

// --authoritative: skip the resolver's cache and ask the zone's own servers.
// The zone is found through the resolver (the closest enclosing NS set), each
// name server's addresses likewise, then every address is asked directly with
// RD clear. Servers that refuse, fail, answer without AA, do not answer, or
// disagree with the others are flagged — the symptoms of lame delegation and of
// a hijacked or half-migrated zone (ATT&CK T1584.002).

export interface AuthServerAnswer extends DnsResult {
  /** The NS name this address belongs to. */
  nameserver: string;
  /** What is wrong with this server's answer; empty when nothing is. */
  issues: string[];
}

export interface AuthoritativeReport {
  zone: string;
  nameservers: string[];
  answers: AuthServerAnswer[];
  /** True when every server answered, authoritatively, the same data. */
  consistent: boolean;
}

export interface AuthOptions {
  /** Port of the authoritative servers (53; tests may move it). */
  port?: number;
  /** Makes a client for one authoritative address (RD clear). */
  direct: (server: Endpoint) => StubClient;
}

/** The zone that holds `qname`, and its NS names, as the resolver sees them. */
export async function findZone(
  resolver: StubClient,
  qname: string,
  known?: ReadonlyMap<string, unknown>,
): Promise<{ zone: string; nameservers: string[] }> {
  let name = lowerAscii(absolute(qname));
  for (;;) {
    const x = await resolver.query(name, "NS");
    const m = x.message;
    if (!m || (x.status !== "NOERROR" && x.status !== "NXDOMAIN")) {
      throw new DnsightError(
        "NETWORK",
        `cannot find the zone of ${qname}: the resolver answered ${x.status} for ${name} NS${x.error ? ` (${x.error})` : ""}`,
      );
    }
    const ns = m.answers
      .filter((r) => r.type === "NS" && lowerAscii(r.name) === name)
      .map((r) => lowerAscii(r.data));
    if (ns.length > 0) return { zone: name, nameservers: [...new Set(ns)].sort() };
    // Asked an authoritative server rather than a resolver: a referral names the
    // delegated zone and its servers in the authority section.
    const referral = m.authorities.filter(
      (r) => r.type === "NS" && isAncestor(lowerAscii(r.name), name),
    );
    if (!m.flags.aa && referral.length > 0) {
      return {
        zone: lowerAscii(referral[0]!.name),
        nameservers: [...new Set(referral.map((r) => lowerAscii(r.data)))].sort(),
      };
    }
    // NODATA and NXDOMAIN carry the SOA of the zone; jump to its apex. (A CNAME
    // target's SOA belongs to another zone, hence the ancestor check.)
    const soa = m.authorities.find((r) => r.type === "SOA" && isAncestor(lowerAscii(r.name), name));
    if (soa && lowerAscii(soa.name) !== name) {
      name = lowerAscii(soa.name);
      // A zone met before keeps its NS set; no need to ask again.
      if (known?.has(name)) return { zone: name, nameservers: [] };
      continue;
    }
    if (name === ".") throw new DnsightError("NETWORK", `no name servers found for ${qname}`);
    name = parent(name);
  }
}

function parent(name: string): string {
  const i = name.indexOf(".");
  const rest = name.slice(i + 1);
  return rest === "" ? "." : rest;
}

function isAncestor(zone: string, name: string): boolean {
  return zone === "." || name === zone || name.endsWith("." + zone);
}

/** IPv4 and IPv6 addresses of each name server, through the resolver. */
export async function nameserverAddresses(
  resolver: StubClient,
  nameservers: string[],
): Promise<{ nameserver: string; address: string }[]> {
  const out: { nameserver: string; address: string }[] = [];
  await Promise.all(
    nameservers.map(async (ns) => {
      for (const type of ["A", "AAAA"]) {
        const m = (await resolver.query(ns, type)).message;
        // From a resolver the address is an answer; from an authoritative server
        // above the delegation it is glue beside the referral.
        const records = m ? (m.answers.length > 0 ? m.answers : m.additionals) : [];
        for (const r of records) {
          if (
            r.type === type &&
            lowerAscii(r.name) === lowerAscii(absolute(ns)) &&
            ipFamily(r.data)
          )
            out.push({ nameserver: ns, address: r.data });
        }
      }
    }),
  );
  return out.sort((a, b) => (a.nameserver + a.address).localeCompare(b.nameserver + b.address));
}

export interface ZoneServers {
  zone: string;
  nameservers: string[];
  addresses: { nameserver: string; address: string }[];
}

/** The zone of `qname` with its servers' addresses, all through the resolver. */
export async function zoneServers(resolver: StubClient, qname: string): Promise<ZoneServers> {
  const { zone, nameservers } = await findZone(resolver, qname);
  return { zone, nameservers, addresses: await nameserverAddresses(resolver, nameservers) };
}

/**
 * Zone servers for many names: every name still costs one NS query (so a
 * delegated sibling is never mistaken for its parent's zone), but each zone's
 * NS set and addresses are looked up once. Bounded, oldest zone evicted first.
 */
export class ZoneServersCache {
  private readonly zones = new Map<string, Promise<ZoneServers>>();

  constructor(
    private readonly resolver: StubClient,
    private readonly max = 10_000,
  ) {}

  async get(qname: string): Promise<ZoneServers> {
    const found = await findZone(this.resolver, qname, this.zones);
    let entry = this.zones.get(found.zone);
    if (entry === undefined) {
      entry = nameserverAddresses(this.resolver, found.nameservers).then((addresses) => ({
        ...found,
        addresses,
      }));
      if (this.zones.size >= this.max) this.zones.delete(this.zones.keys().next().value!);
      this.zones.set(found.zone, entry);
    }
    return entry;
  }
}

/** Asks every authoritative server of the zone of `qname` for (qname, type). */
export async function askAuthoritative(
  resolver: StubClient,
  qname: string,
  type: string,
  o: AuthOptions,
  known?: ZoneServers,
): Promise<AuthoritativeReport> {
  const { zone, nameservers, addresses: addrs } = known ?? (await zoneServers(resolver, qname));
  const answers: AuthServerAnswer[] = await Promise.all(
    addrs.map(async ({ nameserver, address }) => {
      const x = await o.direct(endpointOf(address, o.port ?? 53)).query(qname, type);
      return {
        ...toDnsResult(qname, type, x),
        nameserver: nameserver.replace(/\.$/, ""),
        issues: serverIssues(x.status, x.message?.flags.aa ?? false),
      };
    }),
  );
  for (const ns of nameservers) {
    if (!addrs.some((a) => a.nameserver === ns)) {
      answers.push(unreachable(qname, type, ns));
    }
  }
  flagDisagreement(answers);
  return {
    zone: zone === "." ? "." : zone.slice(0, -1),
    nameservers: nameservers.map((n) => n.replace(/\.$/, "")),
    answers,
    consistent: answers.every((a) => a.issues.length === 0),
  };
}

function serverIssues(status: string, aa: boolean): string[] {
  if (status === "TIMEOUT" || status === "ERROR") return ["no answer"];
  if (status === "REFUSED" || status === "SERVFAIL" || status === "NOTAUTH")
    return [`lame: ${status}`];
  if ((status === "NOERROR" || status === "NXDOMAIN") && !aa)
    return ["lame: answer not authoritative"];
  if (status !== "NOERROR" && status !== "NXDOMAIN") return [`error: ${status}`];
  return [];
}

function unreachable(qname: string, type: string, ns: string): AuthServerAnswer {
  return {
    name: absolute(qname).slice(0, -1),
    type,
    status: "ERROR",
    flags: { aa: false, tc: false, rd: false, ra: false, ad: false, cd: false },
    answers: [],
    authorities: [],
    additionals: [],
    resolver: "",
    protocol: "udp",
    timestamp: new Date().toISOString(),
    durationMs: 0,
    error: `no address found for name server ${ns}`,
    nameserver: ns.replace(/\.$/, ""),
    issues: ["no address"],
  };
}

/** Marks servers whose (status, data) differs from the largest group of healthy servers. */
function flagDisagreement(answers: AuthServerAnswer[]): void {
  const healthy = answers.filter((a) => a.issues.length === 0);
  const key = (a: AuthServerAnswer): string =>
    a.status +
    "|" +
    a.answers
      .filter((r) => r.type !== "RRSIG")
      .map((r) => `${lowerAscii(r.name)} ${r.type} ${r.data}`)
      .sort()
      .join(";");
  const groups = new Map<string, AuthServerAnswer[]>();
  for (const a of healthy) groups.set(key(a), [...(groups.get(key(a)) ?? []), a]);
  if (groups.size <= 1) return;
  const sizes = [...groups.values()].map((g) => g.length).sort((a, b) => b - a);
  const tie = sizes[0] === sizes[1];
  for (const g of groups.values()) {
    if (!tie && g.length === sizes[0]) continue;
    for (const a of g)
      a.issues.push(tie ? "disagrees: servers are split" : "disagrees with the other servers");
  }
}
