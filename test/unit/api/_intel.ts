// The store the intel-route tests (/ips, /domains, /pdns/suggest, /registration,
// /lookalikes) start from: the API tests' FIXTURE plus names on a few addresses, PTR
// rows, subdomains, a hostile TXT record and registration snapshots.
import type { Observation } from "../../../src/model/observation.js";
import type { RegistrationRecord } from "../../../src/model/registration.js";
import type { RegistrationSnapshot } from "../../../src/store/types.js";
import { FIXTURE, T } from "./_server.js";

export const HOSTILE = `<img src=x onerror=alert(1)>"'</script><script>alert(2)</script>`;

const o = (rrname: string, rrtype: string, rdata: string, over: Partial<Observation> = {}) =>
  ({
    rrname,
    rrtype,
    rdata,
    timeFirst: T,
    timeLast: T,
    count: 1,
    source: "passive",
    ...over,
  }) as Observation;

export const INTEL_ROWS: Observation[] = [
  ...FIXTURE,
  // 192.0.2.1 also carries these (www.example.com is in FIXTURE, on two sensors).
  o("shop.example.com", "A", "192.0.2.1", { timeFirst: T + 5, timeLast: T + 5000, count: 7 }),
  o("old.example.org", "A", "192.0.2.1", { timeFirst: T - 9000, timeLast: T - 8000 }),
  o("1.2.0.192.in-addr.arpa", "PTR", "host1.example.net.", { count: 3 }),
  o("1.2.0.192.in-addr.arpa", "PTR", "host1.example.net.", { sensorId: "s9" }),
  // 8.8.8.8 is Google's (AS15169, US) in the packaged tables.
  o("dns.google", "A", "8.8.8.8", { timeLast: T + 50 }),
  o("www.example.com", "TXT", `"${HOSTILE}"`, { timeLast: T + 400 }),
  o("example.com", "MX", "10 mx.example.net.", { timeLast: T + 100 }),
  o("example.com", "A", "8.8.8.8", { timeLast: T + 100 }),
  o("example.com", "A", "192.0.2.50", { timeFirst: T - 86_400 * 40, timeLast: T - 86_400 * 30 }),
  o("example.com", "AAAA", "2001:db8::53", { timeLast: T + 90 }),
  o("deep.a.b.example.com", "A", "192.0.2.3"),
  o("2001:db8::1.example.com", "A", "192.0.2.4"),
];

export function record(over: Partial<RegistrationRecord> = {}): RegistrationRecord {
  return {
    domain: "example.com",
    status: "registered",
    eppStatus: ["clientTransferProhibited"],
    rawStatus: ["clientTransferProhibited https://icann.org/epp#clientTransferProhibited"],
    created: "1995-08-14T04:00:00Z",
    updated: "2024-08-14T07:01:34Z",
    expires: "2026-08-13T04:00:00Z",
    registrar: { name: "RESERVED-Internet Assigned Numbers Authority", ianaId: "376" },
    contacts: [],
    nameservers: [
      { name: "a.iana-servers.net", ipv4: [], ipv6: [] },
      { name: "b.iana-servers.net", ipv4: [], ipv6: [] },
    ],
    dnssec: { signed: true, ds: [] },
    privacy: { protected: false },
    source: {
      protocol: "rdap",
      server: "https://rdap.verisign.com/com/v1/",
      fetchedAt: new Date(T * 1000).toISOString(),
      referrals: [],
    },
    ...over,
  };
}

/** Three snapshots of example.com (the last from WHOIS with a hostile registrar), one of an AS. */
export const SNAPSHOTS: RegistrationSnapshot[] = [
  { key: "example.com", fetchedAt: T, record: record(), raw: "{}" },
  {
    key: "example.com",
    fetchedAt: T + 86_400,
    record: record({ eppStatus: [], expires: "2027-08-13T04:00:00Z" }),
    raw: "{}",
  },
  {
    key: "example.com",
    fetchedAt: T + 2 * 86_400,
    record: record({
      eppStatus: [],
      expires: "2027-08-13T04:00:00Z",
      registrar: { name: HOSTILE },
      privacy: { protected: true, service: "Privacy Ltd" },
      source: { protocol: "whois", server: "whois.verisign-grs.com", fetchedAt: "", referrals: [] },
    }),
    raw: `Registrar: ${HOSTILE}\n`,
  },
  {
    key: "as64500",
    fetchedAt: T,
    record: record({
      domain: "AS64500",
      eppStatus: [],
      network: { kind: "asn", start: "AS64500", end: "AS64500", cidrs: [], name: "EXAMPLE-AS" },
    }),
    raw: "{}",
  },
];
