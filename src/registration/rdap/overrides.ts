// RDAP servers for TLDs that the IANA bootstrap (data/bootstrap/dns.json,
// publication 2024-02-07) does not list. Every entry is the `rdapServers` value
// of 7c/whoisserver-world `tlds/<tld>.json` (ISC licence; commit 0e24a4dd, read
// through /work/shared/fixtures/bootstrap/tld-servers.json), kept only when
// upstream re-checked it in 2026 (`rdapUpdated`) and its URL is a base URL
// (retired gTLD entries ending in `/domain/` are left out). The bootstrap wins
// whenever it lists the TLD.
//
// Not here, because that source gives no RDAP server for them: de, io, ch, jp,
// it, eu, be, at, se, us, li. Those stay WHOIS-only until a server is known.

export interface RdapOverride {
  urls: readonly string[];
}

export type RdapOverrides = Readonly<Record<string, RdapOverride>>;

export const RDAP_OVERRIDES: RdapOverrides = {
  ad: { urls: ["https://rdap.nic.ad/"] },
  ai: { urls: ["https://rdap.identitydigital.services/rdap/"] },
  as: { urls: ["https://rdap.nic.as/"] },
  au: { urls: ["https://rdap.cctld.au/rdap/"] },
  bm: { urls: ["https://rdap.identitydigital.services/rdap/"] },
  cm: { urls: ["https://rdap.nic.cm/"] },
  cv: { urls: ["https://rdap.nic.cv/"] },
  cx: { urls: ["https://rdap.nic.cx/"] },
  ec: { urls: ["https://rdap.registry.ec/"] },
  fj: { urls: ["https://www.rdap.fj/"] },
  gov: { urls: ["https://rdap.nic.gov/rdap/"] },
  gs: { urls: ["https://rdap.nic.gs/"] },
  gy: { urls: ["https://rdap.registry.gy/"] },
  hn: { urls: ["https://rdap.nic.hn/"] },
  ht: { urls: ["https://rdap.nic.ht/"] },
  in: { urls: ["https://rdap.nixiregistry.in/rdap/"] },
  int: { urls: ["https://rdap.iana.org/"] },
  ke: { urls: ["https://rdap.kenic.or.ke/"] },
  lb: { urls: ["https://rdap.lbdr.org.lb/"] },
  ly: { urls: ["https://rdap.nic.ly/"] },
  merck: { urls: ["https://rdap-merck.dns.business/rdap/"] },
  mg: { urls: ["http://rdap.nic.mg/"] },
  ml: { urls: ["https://rdap.nic.ml/"] },
  ms: { urls: ["https://rdap.nic.ms/"] },
  mu: { urls: ["https://rdap.identitydigital.services/rdap/"] },
  na: { urls: ["https://keetmans.omadhina.co.na/"] },
  nf: { urls: ["https://rdap.nic.nf/"] },
  ng: { urls: ["https://rdap.nic.net.ng/"] },
  nl: { urls: ["https://rdap.sidn.nl/"] },
  pg: { urls: ["https://rdap.nic.pg/"] },
  pl: { urls: ["https://rdap.dns.pl/"] },
  rw: { urls: ["https://rdap.ricta.org.rw/"] },
  sg: { urls: ["https://rdap.sgnic.sg/rdap/"] },
  si: { urls: ["https://rdap.register.si/"] },
  sn: { urls: ["https://rdap.nic.sn/whois43/"] },
  sr: { urls: ["https://whois.sr/rdap/"] },
  ss: { urls: ["https://rdap.nic.ss/"] },
  th: { urls: ["https://rdap.thains.co.th/"] },
  to: { urls: ["https://rdap.tonicregistry.to/rdap/"] },
  tw: { urls: ["https://ccrdap.twnic.tw/tw/"] },
  ua: { urls: ["https://rdap.hostmaster.ua/"] },
  vi: { urls: ["https://rdap.nic.vi/"] },
  "xn--clchc0ea0b2g2a9gcd": { urls: ["https://rdap.ta.sgnic.sg/rdap/"] },
  "xn--kpry57d": { urls: ["https://ccrdap.twnic.tw/taiwan/"] },
  "xn--o3cw4h": { urls: ["https://rdap.thains.co.th/"] },
  "xn--yfro4i67o": { urls: ["https://rdap.zh.sgnic.sg/rdap/"] },
  ye: { urls: ["https://rdap.y.net.ye/"] },
  zm: { urls: ["https://rdap.nic.zm/"] },
};
