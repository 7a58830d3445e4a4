import { zoneServers } from "../dns/authoritative.js";
import type { Exchange, StubClient } from "../dns/client/stub.js";
import type { ResourceRecord } from "../dns/wire/message.js";
import { absolute, lowerAscii, relative } from "../dns/wire/name.js";
import type { DnsState, HostView, ServerView } from "../model/dns-state.js";

// Collects the DnsState (model/dns-state.ts) of a watched domain: the delegation from
// the resolver or parent, the zone's data from its own servers, and each server on its own.

export interface DnsStateOptions {
  /** The resolver (or a parent zone's server) the delegation is asked of. */
  resolver: StubClient;
  /** Makes a client for one authoritative address (RD clear). */
  direct: (address: string) => StubClient;
  /** Subdomains to look at beside the apex (from passive history). */
  subdomains?: readonly string[];
}

const key = (n: string): string => relative(lowerAscii(absolute(n)));
const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();
const of = (x: Exchange, type: string, owner?: string): ResourceRecord[] =>
  (x.message?.answers ?? []).filter(
    (r) => r.type === type && (owner === undefined || key(r.name) === key(owner)),
  );

export async function collectDnsState(name: string, o: DnsStateOptions): Promise<DnsState> {
  const errors: string[] = [];
  const zs = await zoneServers(o.resolver, name);
  const zone = key(zs.zone);
  const ns = sorted(zs.nameservers.map(key));
  // The parent holds the DS: through the resolver, or in the parent's answer.
  const dsX = await o.resolver.query(absolute(name), "DS");
  const ds = sorted(
    [
      ...of(dsX, "DS", name),
      ...(dsX.message?.authorities ?? []).filter(
        (r) => r.type === "DS" && key(r.name) === key(name),
      ),
    ].map((r) => r.data),
  );

  // What the resolver itself answers for the apex (nothing but a referral from a parent).
  const rec = of(await o.resolver.query(absolute(name), "A"), "A", name).map((r) => r.data);

  // Each server on its own: SOA (status, AA, serial) and the apex addresses.
  const servers: ServerView[] = await Promise.all(
    zs.addresses.map(async ({ nameserver, address }) => {
      const client = o.direct(address);
      const soa = await client.query(absolute(name), "SOA");
      const a = await client.query(absolute(name), "A");
      const serial = of(soa, "SOA")[0]?.data.split(/\s+/)[2];
      return {
        nameserver: key(nameserver),
        address,
        status: soa.status,
        aa: soa.message?.flags.aa ?? false,
        ...(serial !== undefined ? { soaSerial: Number(serial) } : {}),
        a: sorted(of(a, "A", name).map((r) => r.data)),
      };
    }),
  );
  // A name server without an address: its name may not exist at all (a dangling NS,
  // whose domain anyone might register and so take the zone).
  for (const n of ns)
    if (!zs.addresses.some((a) => key(a.nameserver) === n)) {
      const x = await o.resolver.query(absolute(n), "A");
      const status = x.status === "NXDOMAIN" ? "NXDOMAIN" : "NOADDRESS";
      servers.push({ nameserver: n, address: "", status, aa: false, a: [] });
    }
  servers.sort((x, y) => (x.nameserver + x.address).localeCompare(y.nameserver + y.address));

  // The zone's data from the first server that answers with authority.
  const good = servers.find((s) => s.aa && s.status === "NOERROR");
  let soaPrimary: string | undefined;
  let soaSerial: number | undefined;
  let dnskey: string[] = [];
  let mx: string[] = [];
  const hosts: HostView[] = [];
  if (!good) {
    errors.push(`no authoritative server of ${zone} answered`);
  } else {
    const auth = o.direct(good.address);
    const soa = of(await auth.query(absolute(name), "SOA"), "SOA")[0];
    if (soa && key(soa.name) === key(name)) {
      const [mname, , serial] = soa.data.split(/\s+/);
      soaPrimary = key(mname!);
      soaSerial = Number(serial);
    }
    dnskey = sorted(
      of(await auth.query(absolute(name), "DNSKEY"), "DNSKEY", name).map((r) => r.data),
    );
    mx = sorted(
      of(await auth.query(absolute(name), "MX"), "MX", name).map((r) =>
        key(r.data.split(/\s+/)[1] ?? "."),
      ),
    );
    // Name and mail servers inside the zone are the zone's own hosts: look at them too.
    const inZone = (n: string): boolean => n.endsWith(`.${zone}`) && n !== key(name);
    const names = [key(name), ...[...ns, ...mx].filter(inZone), ...(o.subdomains ?? []).map(key)];
    for (const host of [...new Set(names)]) hosts.push(await hostView(host, auth, o.resolver));
  }
  return {
    name: key(name),
    zone,
    ns,
    ...(soaPrimary !== undefined ? { soaPrimary } : {}),
    ...(soaSerial !== undefined ? { soaSerial } : {}),
    ds,
    dnskey,
    mx,
    hosts,
    ...(rec.length ? { recursive: sorted(rec) } : {}),
    servers,
    errors,
  };
}

/** A name's addresses and alias, from the zone's server; a CNAME's target through the resolver. */
async function hostView(name: string, auth: StubClient, resolver: StubClient): Promise<HostView> {
  const a = await auth.query(absolute(name), "A");
  const aaaa = await auth.query(absolute(name), "AAAA");
  const cname = [...of(a, "CNAME", name), ...of(aaaa, "CNAME", name)][0];
  const view: HostView = {
    name: key(name),
    a: sorted(of(a, "A", name).map((r) => r.data)),
    aaaa: sorted(of(aaaa, "AAAA", name).map((r) => r.data)),
  };
  const ttls = [...of(a, "A"), ...of(aaaa, "AAAA")].map((r) => r.ttl);
  if (ttls.length) view.ttl = Math.min(...ttls);
  if (cname) {
    view.cname = key(cname.data);
    const target = await resolver.query(absolute(cname.data), "A");
    view.cnameStatus = target.status;
    // The target's own addresses, when the zone's server did not give them in the chain.
    if (view.a.length === 0) {
      view.a = sorted(of(target, "A").map((r) => r.data));
      const t = of(target, "A").map((r) => r.ttl);
      if (t.length) view.ttl = Math.min(...t);
    }
  }
  return view;
}
