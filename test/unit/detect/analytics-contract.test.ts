import { dnssecRemoved, nsChanged, soaPrimaryChanged } from "../../../src/detect/dns-delegation.js";
import {
  danglingNs,
  lameDelegation,
  nsNoAnswer,
  resolverDisagrees,
  serversDisagree,
} from "../../../src/detect/dns-servers.js";
import { fastFlux } from "../../../src/detect/fast-flux.js";
import { danglingCname, subdomainElsewhere } from "../../../src/detect/host-change.js";
import { newlyRegistered, privacyAtCreation } from "../../../src/detect/lookalike-registration.js";
import { lookalikeSeen, sharedNameservers } from "../../../src/detect/lookalike-seen.js";
import { newAddress } from "../../../src/detect/new-address.js";
import { nsChurn } from "../../../src/detect/ns-churn.js";
import {
  expiryPulledIn,
  holdAdded,
  locksRemoved,
  nameserversChanged,
  registrantChanged,
  registrarChanged,
} from "../../../src/detect/registration-change.js";
import { privacyEnabled } from "../../../src/detect/registration-risk.js";
import type { TakeoverFingerprint } from "../../../src/detect/takeover-fingerprints.js";
import { takeoverFingerprint } from "../../../src/detect/takeover-page.js";
import type { Analytic } from "../../../src/detect/analytic.js";
import { AT, hit, host, ipLookup, record, server, zone } from "./_facts.js";
import { runAnalyticContract, type AnalyticCase } from "./contract.js";

// Every rule of the catalog, with facts it fires on and close facts it must not.

const c = <F>(analytic: Analytic<F>, firing: F[], quiet: F[]): AnalyticCase<never> =>
  ({ analytic, firing, quiet }) as unknown as AnalyticCase<never>;

const evil = ["a.evil.test", "b.evil.test"];
const one = (over: Parameters<typeof server>[0]) => zone({ servers: [server(), server(over)] });
const ns2 = { nameserver: "ns2.example.net", address: "192.0.2.54" };
const alias = (cnameStatus: string) =>
  zone({
    hosts: [
      host(),
      host({ name: "app.example.com", a: [], cname: "myapp.elasticbeanstalk.com", cnameStatus }),
    ],
  });
const hostFacts = (now = zone(), passive = new Map<string, string[]>()) => ({
  now,
  history: new Map<string, Set<string>>(),
  passive,
  ipLookup,
  fingerprints: [
    {
      service: "AWS/Elastic Beanstalk",
      cname: ["elasticbeanstalk.com"],
      nxdomain: true,
      fingerprint: "",
      vulnerable: true,
      status: "Vulnerable",
    },
  ],
  at: AT,
});
const pagesFp: TakeoverFingerprint[] = [
  {
    service: "Example Pages",
    cname: ["pages.example.org"],
    nxdomain: false,
    fingerprint: "There isn't a site here",
    vulnerable: true,
    status: "Vulnerable",
  },
];
const pageFacts = (body: string | undefined) => ({
  state: zone({
    hosts: [
      host(),
      host({
        name: "shop.example.com",
        a: ["192.0.2.9"],
        cname: "shop.pages.example.org",
        cnameStatus: "NOERROR",
      }),
    ],
  }),
  fingerprints: pagesFp,
  pages: new Map(body === undefined ? [] : [["shop.example.com", body]]),
  at: AT,
});
const seenNow = { source: "active" as const, what: "addresses of example.com", at: AT };
const flux = (ttl: number, look = ipLookup) => ({
  now: zone({
    hosts: [host({ a: Array.from({ length: 20 }, (_, i) => `10.${i % 8}.0.${i}`), ttl })],
  }),
  seen: new Map<string, Set<string>>(),
  ipLookup: look,
  at: AT,
});
const pair = (after: Parameters<typeof record>[0]) => ({ before: record(), after: record(after) });
const lookalikeRecord = (days: number, privacy: boolean) => ({
  hit,
  record: record({
    domain: "paypa1.com",
    created: new Date(Date.parse(AT) - days * 86_400_000).toISOString(),
    privacy: privacy ? { protected: true, service: "Withheld for Privacy" } : { protected: false },
  }),
  now: new Date(AT),
});

runAnalyticContract({
  "dns.ns-changed": c(
    nsChanged,
    [{ before: zone(), now: zone({ ns: evil }), at: AT }],
    [
      { before: zone(), now: zone(), at: AT },
      { now: zone({ ns: evil }), at: AT },
      { before: zone(), now: zone({ ns: [] }), at: AT },
    ],
  ),
  "dns.soa-primary-changed": c(
    soaPrimaryChanged,
    [{ before: zone(), now: zone({ soaPrimary: "a.evil.test" }), at: AT }],
    [
      { before: zone(), now: zone(), at: AT },
      { now: zone({ soaPrimary: "a.evil.test" }), at: AT },
    ],
  ),
  "dns.dnssec-removed": c(
    dnssecRemoved,
    [
      { before: zone(), now: zone({ ds: [] }), at: AT },
      { before: zone(), now: zone({ dnskey: [] }), at: AT },
    ],
    [
      { before: zone(), now: zone(), at: AT },
      { before: zone({ ds: [], dnskey: [] }), now: zone({ ds: [], dnskey: [] }), at: AT },
    ],
  ),
  "dns.dangling-ns": c(
    danglingNs,
    [
      {
        now: one({ nameserver: "ns.gone.test", address: "", status: "NXDOMAIN", aa: false }),
        at: AT,
      },
    ],
    [
      { now: zone(), at: AT },
      { now: one({ ...ns2, status: "REFUSED", aa: false }), at: AT },
    ],
  ),
  "dns.ns-no-answer": c(
    nsNoAnswer,
    [
      { now: one({ ...ns2, status: "TIMEOUT", aa: false, a: [] }), at: AT },
      { now: one({ ...ns2, status: "ERROR", aa: false, a: [] }), at: AT },
    ],
    [
      { now: zone(), at: AT },
      { now: one({ ...ns2, status: "REFUSED", aa: false }), at: AT },
    ],
  ),
  "dns.lame-delegation": c(
    lameDelegation,
    [
      { now: one({ ...ns2, status: "REFUSED", aa: false, a: [] }), at: AT },
      { now: one({ ...ns2, aa: false }), at: AT },
      { now: one({ ...ns2, address: "", status: "NOADDRESS", aa: false, a: [] }), at: AT },
    ],
    [
      { now: zone(), at: AT },
      { now: one({ ...ns2, status: "TIMEOUT", aa: false }), at: AT },
    ],
  ),
  "dns.servers-disagree": c(
    serversDisagree,
    [{ now: one({ ...ns2, a: ["203.0.113.9"] }), at: AT }],
    [
      { now: zone(), at: AT },
      { now: one({ ...ns2, a: ["203.0.113.9"], aa: false }), at: AT },
    ],
  ),
  "dns.resolver-disagrees": c(
    resolverDisagrees,
    [{ now: zone({ recursive: ["203.0.113.66"] }), at: AT }],
    [
      { now: zone({ recursive: ["192.0.2.1"] }), at: AT },
      { now: zone(), at: AT },
      // Servers that disagree among themselves are their own finding.
      { now: { ...one({ ...ns2, a: ["203.0.113.9"] }), recursive: ["203.0.113.66"] }, at: AT },
    ],
  ),
  "dns.dangling-cname": c(
    danglingCname,
    [hostFacts(alias("NXDOMAIN"))],
    [hostFacts(alias("NOERROR")), hostFacts()],
  ),
  "dns.new-address": c(
    newAddress,
    [
      {
        name: "example.com",
        ips: ["203.0.113.9"],
        seen: new Set(["192.0.2.1"]),
        ipLookup,
        now: seenNow,
      },
      { name: "example.com", ips: ["192.0.2.7"], seen: new Set(["192.0.2.1"]), now: seenNow },
    ],
    [
      {
        name: "example.com",
        ips: ["203.0.113.9"],
        seen: new Set<string>(),
        ipLookup,
        now: seenNow,
      },
      {
        name: "example.com",
        ips: ["192.0.2.1"],
        seen: new Set(["192.0.2.1"]),
        ipLookup,
        now: seenNow,
      },
    ],
  ),
  "dns.subdomain-elsewhere": c(
    subdomainElsewhere,
    [
      hostFacts(zone(), new Map([["cdn.example.com", ["203.0.113.9"]]])),
      hostFacts(zone({ hosts: [host(), host({ name: "www.example.com", a: ["203.0.113.9"] })] })),
    ],
    [
      hostFacts(zone(), new Map([["cdn.example.com", ["192.0.2.77"]]])),
      {
        ...hostFacts(zone(), new Map([["cdn.example.com", ["203.0.113.9"]]])),
        ipLookup: undefined,
      },
    ],
  ),
  "dns.takeover-fingerprint": c(
    takeoverFingerprint,
    [pageFacts("<h1>There isn't a site here</h1>")],
    [pageFacts("<h1>Welcome to the shop</h1>"), pageFacts(undefined)],
  ),
  "dns.fast-flux": c(fastFlux, [flux(60)], [flux(3600), { ...flux(60), ipLookup: undefined }]),
  "dns.ns-churn": c(
    nsChurn,
    [{ name: "example.com", changes: [AT, AT, AT], at: AT }],
    [{ name: "example.com", changes: [AT, AT], at: AT }],
  ),
  "registration.registrar-changed": c(
    registrarChanged,
    [pair({ registrar: { name: "Other", ianaId: "2" } })],
    [pair({}), { before: record(), after: record({ status: "throttled", registrar: {} }) }],
  ),
  "registration.registrant-changed": c(
    registrantChanged,
    [pair({ contacts: [{ role: "registrant", organization: "Someone Else", redacted: [] }] })],
    [pair({}), pair({ contacts: [] })],
  ),
  "registration.locks-removed": c(
    locksRemoved,
    [pair({ eppStatus: ["clientUpdateProhibited"] })],
    [pair({}), pair({ eppStatus: [...record().eppStatus, "serverTransferProhibited"] })],
  ),
  "registration.hold-added": c(
    holdAdded,
    [
      pair({ eppStatus: [...record().eppStatus, "clientHold"] }),
      pair({ eppStatus: [...record().eppStatus, "pendingDelete"] }),
    ],
    [pair({}), pair({ eppStatus: [...record().eppStatus, "serverTransferProhibited"] })],
  ),
  "registration.nameservers-changed": c(
    nameserversChanged,
    [pair({ nameservers: [{ name: "ns.evil.test", ipv4: [], ipv6: [] }] })],
    [pair({}), pair({ nameservers: [] })],
  ),
  "registration.expiry-pulled-in": c(
    expiryPulledIn,
    [pair({ expires: "2027-01-01T00:00:00Z" })],
    [pair({}), pair({ expires: "2031-01-01T00:00:00Z" })],
  ),
  "registration.privacy-enabled": c(
    privacyEnabled,
    [{ before: record(), now: record({ privacy: { protected: true, service: "Withheld" } }) }],
    [
      { now: record({ privacy: { protected: true, service: "Withheld" } }) },
      {
        before: record({ privacy: { protected: true } }),
        now: record({ privacy: { protected: true } }),
      },
    ],
  ),
  "lookalike.seen": c(
    lookalikeSeen,
    [
      { hits: [hit], where: "passive", detail: "A 192.0.2.1" },
      { hits: [{ ...hit, score: 0.7 }], where: "feed", detail: "the feed x.txt" },
    ],
    [{ hits: [], where: "passive", detail: "A 192.0.2.1" }],
  ),
  "lookalike.newly-registered": c(
    newlyRegistered,
    [lookalikeRecord(5, false)],
    [
      lookalikeRecord(400, false),
      {
        ...lookalikeRecord(5, false),
        record: record({ domain: "paypa1.com", status: "available" }),
      },
    ],
  ),
  "lookalike.privacy-at-creation": c(
    privacyAtCreation,
    [lookalikeRecord(5, true)],
    [lookalikeRecord(5, false), lookalikeRecord(400, true)],
  ),
  "lookalike.shared-nameservers": c(
    sharedNameservers,
    [
      {
        hit,
        nameservers: ["ns1.badhost.test"],
        alerted: new Map([["paypal-login.net", ["NS1.BADHOST.TEST"]]]),
      },
    ],
    [
      {
        hit,
        nameservers: ["ns9.fine.test"],
        alerted: new Map([["paypal-login.net", ["ns1.badhost.test"]]]),
      },
      {
        hit,
        nameservers: ["ns1.badhost.test"],
        alerted: new Map([["paypa1.com", ["ns1.badhost.test"]]]),
      },
    ],
  ),
});
