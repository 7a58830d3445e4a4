import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dnsChangeFindings } from "../../../src/detect/dns-change.js";
import { fastFluxFindings, fluxScore } from "../../../src/detect/fast-flux.js";
import { hostChangeFindings } from "../../../src/detect/host-change.js";
import { sharedNameserverFinding } from "../../../src/detect/lookalike-seen.js";
import { nsChurnFindings } from "../../../src/detect/ns-churn.js";
import { registrationChangeFindings } from "../../../src/detect/registration-change.js";
import { registrationRiskFindings } from "../../../src/detect/registration-risk.js";
import { fingerprintFor, loadFingerprints } from "../../../src/detect/takeover-fingerprints.js";
import type { DnsState } from "../../../src/model/dns-state.js";
import type { RegistrationRecord } from "../../../src/model/registration.js";
import { emptyRecord } from "../../../src/registration/record.js";

const AT = "2026-11-22T10:00:00.000Z";

function state(over: Partial<DnsState> = {}): DnsState {
  return {
    name: "example.com",
    zone: "example.com",
    ns: ["ns1.example.net", "ns2.example.net"],
    soaPrimary: "ns1.example.net",
    soaSerial: 1,
    ds: ["1 13 2 ABCD"],
    dnskey: ["257 3 13 AAAA"],
    mx: [],
    hosts: [{ name: "example.com", a: ["192.0.2.1"], aaaa: [] }],
    servers: [
      {
        nameserver: "ns1.example.net",
        address: "192.0.2.53",
        status: "NOERROR",
        aa: true,
        soaSerial: 1,
        a: ["192.0.2.1"],
      },
      {
        nameserver: "ns2.example.net",
        address: "192.0.2.54",
        status: "NOERROR",
        aa: true,
        soaSerial: 1,
        a: ["192.0.2.1"],
      },
    ],
    errors: [],
    ...over,
  };
}
const rules = (fs: { rule: string; key: string }[]) => fs.map((f) => `${f.rule} ${f.key}`).sort();

describe("T1584.002 analytics on two looks at a zone", () => {
  it("finds nothing when nothing changed", () => {
    assert.deepEqual(dnsChangeFindings(state(), state(), AT), []);
    assert.deepEqual(dnsChangeFindings(undefined, state(), AT), []);
  });

  it("finds a new NS set, a new SOA primary and DNSSEC removed", () => {
    const now = state({
      ns: ["a.evil.test", "b.evil.test"],
      soaPrimary: "a.evil.test",
      ds: [],
      dnskey: [],
    });
    assert.deepEqual(rules(dnsChangeFindings(state(), now, AT)), [
      "dns.dnssec-removed DS,DNSKEY",
      "dns.ns-changed a.evil.test,b.evil.test",
      "dns.soa-primary-changed a.evil.test",
    ]);
    const dsOnly = dnsChangeFindings(state(), state({ ds: [] }), AT);
    assert.deepEqual(rules(dsOnly), ["dns.dnssec-removed DS"]);
    assert.equal(dsOnly[0]!.technique, "T1584.002");
  });

  it("finds a resolver whose answer is not the zone's", () => {
    assert.deepEqual(
      rules(dnsChangeFindings(undefined, state({ recursive: ["192.0.2.1"] }), AT)),
      [],
    );
    assert.deepEqual(
      rules(dnsChangeFindings(undefined, state({ recursive: ["203.0.113.66"] }), AT)),
      ["dns.resolver-disagrees 203.0.113.66"],
    );
  });

  it("finds lame servers and servers that disagree, in one look", () => {
    const now = state({
      servers: [
        {
          nameserver: "ns1.example.net",
          address: "192.0.2.53",
          status: "NOERROR",
          aa: true,
          a: ["192.0.2.1"],
        },
        {
          nameserver: "ns2.example.net",
          address: "192.0.2.54",
          status: "NOERROR",
          aa: true,
          a: ["203.0.113.9"],
        },
        {
          nameserver: "ns3.example.net",
          address: "192.0.2.55",
          status: "REFUSED",
          aa: false,
          a: [],
        },
        {
          nameserver: "ns4.example.net",
          address: "192.0.2.56",
          status: "NOERROR",
          aa: false,
          a: [],
        },
        { nameserver: "ns5.example.net", address: "", status: "NOADDRESS", aa: false, a: [] },
        { nameserver: "ns.gone.test", address: "", status: "NXDOMAIN", aa: false, a: [] },
      ],
    });
    assert.deepEqual(rules(dnsChangeFindings(undefined, now, AT)), [
      "dns.dangling-ns ns.gone.test",
      "dns.lame-delegation ns3.example.net@192.0.2.55",
      "dns.lame-delegation ns4.example.net@192.0.2.56",
      "dns.lame-delegation ns5.example.net@",
      "dns.servers-disagree 192.0.2.1|203.0.113.9",
    ]);
  });

  it("a server that only timed out is 'no answer' with low confidence, not lame", () => {
    const now = state({
      servers: [
        {
          nameserver: "ns1.example.net",
          address: "192.0.2.53",
          status: "NOERROR",
          aa: true,
          a: ["192.0.2.1"],
        },
        {
          nameserver: "ns2.example.net",
          address: "192.0.2.54",
          status: "TIMEOUT",
          aa: false,
          a: [],
        },
        { nameserver: "ns3.example.net", address: "192.0.2.55", status: "ERROR", aa: false, a: [] },
      ],
    });
    const found = dnsChangeFindings(undefined, now, AT);
    assert.deepEqual(
      found.map((f) => `${f.rule} ${f.key} ${f.severity} ${f.confidence}`),
      [
        "dns.ns-no-answer ns2.example.net@192.0.2.54 low 30",
        "dns.ns-no-answer ns3.example.net@192.0.2.55 low 30",
      ],
    );
    assert.match(found[0]!.summary, /gave no answer \(TIMEOUT\); not counted as lame/);
  });
});

describe("T1584.001 analytics on what names resolve to", () => {
  const fingerprints = loadFingerprints();
  const facts: Record<string, { asn: number; country: string }> = {
    "192.0.2.1": { asn: 1, country: "DE" },
    "192.0.2.2": { asn: 1, country: "DE" },
    "203.0.113.9": { asn: 2, country: "RU" },
  };
  const ipLookup = (ip: string) => facts[ip];

  it("tells a claimable dangling alias from an ordinary one", () => {
    assert.equal(
      fingerprintFor("myapp.elasticbeanstalk.com.", fingerprints)?.service,
      "AWS/Elastic Beanstalk",
    );
    assert.equal(fingerprintFor("elasticbeanstalk.com.evil.test", fingerprints), undefined);
    const now = state({
      hosts: [
        { name: "example.com", a: ["192.0.2.1"], aaaa: [] },
        {
          name: "app.example.com",
          a: [],
          aaaa: [],
          cname: "myapp.elasticbeanstalk.com",
          cnameStatus: "NXDOMAIN",
        },
        {
          name: "old.example.com",
          a: [],
          aaaa: [],
          cname: "gone.example.org",
          cnameStatus: "NXDOMAIN",
        },
        {
          name: "ok.example.com",
          a: ["192.0.2.2"],
          aaaa: [],
          cname: "lb.example.org",
          cnameStatus: "NOERROR",
        },
      ],
    });
    const f = hostChangeFindings({ now, history: new Map(), fingerprints, at: AT });
    assert.deepEqual(
      f.map((x) => `${x.entity} ${x.severity}`),
      ["app.example.com critical", "old.example.com high"],
    );
    assert.match(f[0]!.summary, /AWS\/Elastic Beanstalk: anyone can claim it/);
  });

  it("rates a new address by whether its network or country is new to the name", () => {
    const now = state({
      hosts: [{ name: "example.com", a: ["192.0.2.2", "203.0.113.9"], aaaa: [] }],
    });
    const history = new Map([["example.com", new Set(["192.0.2.1"])]]);
    const f = hostChangeFindings({ now, history, ipLookup, fingerprints, at: AT });
    assert.deepEqual(
      f.map((x) => `${x.rule} ${x.key} ${x.severity}`),
      ["dns.new-address 192.0.2.2 low", "dns.new-address 203.0.113.9 high"],
    );
    // No history: a first look is not news.
    assert.deepEqual(
      hostChangeFindings({ now, history: new Map(), ipLookup, fingerprints, at: AT }),
      [],
    );
  });

  it("flags a subdomain in a country its apex never used, from active or passive data", () => {
    const now = state({
      hosts: [
        { name: "example.com", a: ["192.0.2.1"], aaaa: [] },
        { name: "www.example.com", a: ["192.0.2.2"], aaaa: [] },
      ],
    });
    const passive = new Map([["cdn.example.com", ["203.0.113.9"]]]);
    const f = hostChangeFindings({
      now,
      history: new Map(),
      passive,
      ipLookup,
      fingerprints,
      at: AT,
    });
    assert.deepEqual(
      f.map((x) => `${x.rule} ${x.entity} ${x.key}`),
      ["dns.subdomain-elsewhere cdn.example.com RU/2"],
    );
    assert.deepEqual(f[0]!.dataComponents, ["DC0096", "DC0103"]);
  });
});

describe("registration analytics", () => {
  const rec = (over: Partial<RegistrationRecord> = {}): RegistrationRecord => ({
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
    expires: "2030-01-01T00:00:00Z",
    contacts: [{ role: "registrant", organization: "Example Corp", redacted: [] }],
    ...over,
  });

  it("finds each T1584.001 change, and none without a change", () => {
    assert.deepEqual(registrationChangeFindings(rec(), rec()), []);
    const after = rec({
      eppStatus: ["clientHold"],
      registrar: { name: "Other", ianaId: "2" },
      nameservers: [{ name: "ns.evil.test", ipv4: [], ipv6: [] }],
      expires: "2027-01-01T00:00:00Z",
      contacts: [{ role: "registrant", organization: "Someone Else", redacted: [] }],
    });
    assert.deepEqual(rules(registrationChangeFindings(rec(), after)), [
      "registration.expiry-pulled-in 2027-01-01T00:00:00Z",
      "registration.hold-added clientHold",
      "registration.locks-removed clientTransferProhibited,clientUpdateProhibited",
      "registration.nameservers-changed ns.evil.test",
      "registration.registrant-changed Someone Else",
      "registration.registrar-changed 2",
    ]);
    // An answer that is not a registration (throttled, gone) is not compared.
    assert.deepEqual(
      registrationChangeFindings(rec(), rec({ status: "throttled", eppStatus: [] })),
      [],
    );
  });

  it("T1665: privacy switched on; NS churn", () => {
    const f = registrationRiskFindings(
      rec(),
      rec({ privacy: { protected: true, service: "Withheld for Privacy ehf" } }),
      new Date(AT),
    );
    assert.deepEqual(
      f.map((x) => `${x.rule} ${x.technique} ${x.key}`),
      ["registration.privacy-enabled T1665 Withheld for Privacy ehf"],
    );
    assert.deepEqual(nsChurnFindings("example.com", [AT, AT], AT), []);
    assert.equal(nsChurnFindings("example.com", [AT, AT, AT], AT)[0]?.technique, "T1665");
  });
});

describe("T1665 fast flux (Holz et al. score)", () => {
  const look = (ip: string) => ({ asn: Number(ip.split(".")[1]) });
  const flux = (n: number, asns: number, ttl: number) => {
    const a = Array.from({ length: n }, (_, i) => `10.${i % asns}.0.${i}`);
    return state({ hosts: [{ name: "example.com", a, aaaa: [], ttl }] });
  };
  it("scores many addresses over many networks with short TTLs as flux, and nothing else", () => {
    assert.equal(fluxScore(10, 7) > 0, true);
    assert.equal(fluxScore(10, 1) > 0, false);
    assert.deepEqual(
      fastFluxFindings(flux(20, 8, 60), new Map(), look, AT).map((f) => `${f.rule} ${f.technique}`),
      ["dns.fast-flux T1665"],
    );
    assert.deepEqual(
      fastFluxFindings(flux(20, 8, 3600), new Map(), look, AT),
      [],
      "long TTLs: a CDN, not flux",
    );
    assert.deepEqual(fastFluxFindings(flux(20, 2, 60), new Map(), look, AT), [], "few networks");
    // Addresses seen earlier count too.
    const seen = new Map([
      ["example.com", new Set(Array.from({ length: 30 }, (_, i) => `10.${i % 6}.1.${i}`))],
    ]);
    assert.equal(fastFluxFindings(flux(4, 2, 60), seen, look, AT).length, 1);
  });
});

describe("T1583.001 shared name servers", () => {
  const hit = {
    name: "paypa1.com",
    brand: "paypal.com",
    method: "homoglyph" as const,
    score: 0.95,
  };
  it("ties a lookalike to domains already alerted on through their name servers", () => {
    const alerted = new Map([
      ["paypal-login.net", ["NS1.BADHOST.TEST", "ns2.badhost.test"]],
      ["other.org", ["ns.elsewhere.test"]],
      ["paypa1.com", ["ns1.badhost.test"]],
    ]);
    const f = sharedNameserverFinding(hit, ["ns1.badhost.test", "ns9.fine.test"], alerted)!;
    assert.equal(f.rule, "lookalike.shared-nameservers");
    assert.equal(f.key, "ns1.badhost.test");
    assert.match(f.summary, /as paypal-login\.net, already alerted on/);
    assert.equal(sharedNameserverFinding(hit, ["ns9.fine.test"], alerted), undefined);
  });
});
