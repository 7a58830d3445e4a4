import type { DnsState, HostView, ServerView } from "../../../src/model/dns-state.js";
import type { RegistrationRecord } from "../../../src/model/registration.js";
import { emptyRecord } from "../../../src/registration/record.js";

// Facts for the analytics' tests: a healthy zone and a registration, to change a field at a time.

export const AT = "2026-11-22T10:00:00.000Z";

export const server = (over: Partial<ServerView> = {}): ServerView => ({
  nameserver: "ns1.example.net",
  address: "192.0.2.53",
  status: "NOERROR",
  aa: true,
  soaSerial: 1,
  a: ["192.0.2.1"],
  ...over,
});

export const host = (over: Partial<HostView> = {}): HostView => ({
  name: "example.com",
  a: ["192.0.2.1"],
  aaaa: [],
  ...over,
});

export function zone(over: Partial<DnsState> = {}): DnsState {
  return {
    name: "example.com",
    zone: "example.com",
    ns: ["ns1.example.net", "ns2.example.net"],
    soaPrimary: "ns1.example.net",
    soaSerial: 1,
    ds: ["1 13 2 ABCD"],
    dnskey: ["257 3 13 AAAA"],
    mx: [],
    hosts: [host()],
    servers: [server(), server({ nameserver: "ns2.example.net", address: "192.0.2.54" })],
    errors: [],
    ...over,
  };
}

export const record = (over: Partial<RegistrationRecord> = {}): RegistrationRecord => ({
  ...emptyRecord("example.com", {
    protocol: "rdap",
    server: "rdap.example",
    fetchedAt: AT,
    referrals: [],
  }),
  status: "registered",
  eppStatus: ["clientTransferProhibited", "clientUpdateProhibited"],
  registrar: { name: "Good Registrar", ianaId: "1" },
  nameservers: [{ name: "ns1.example.net", ipv4: [], ipv6: [] }],
  created: "2020-01-01T00:00:00Z",
  expires: "2030-01-01T00:00:00Z",
  contacts: [{ role: "registrant", organization: "Example Corp", redacted: [] }],
  ...over,
});

/** AS and country of the test addresses: 192.0.2/24 in DE, 203.0.113/24 in RU, 10.N.x.x in AS N. */
export function ipLookup(ip: string): { asn: number; country: string } | undefined {
  if (ip.startsWith("192.0.2.")) return { asn: 1, country: "DE" };
  if (ip.startsWith("203.0.113.")) return { asn: 2, country: "RU" };
  const m = /^10\.(\d+)\./.exec(ip);
  return m ? { asn: 100 + Number(m[1]), country: "NL" } : undefined;
}

export const hit = {
  name: "paypa1.com",
  brand: "paypal.com",
  method: "homoglyph",
  score: 0.95,
  reason: "1 for l",
};
