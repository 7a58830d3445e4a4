import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { DnsightError } from "../../../src/errors.js";
import type { Contact, RegistrationRecord } from "../../../src/model/registration.js";
import { parseRdap, type RdapParseOptions } from "../../../src/registration/rdap/parse.js";

const ROOT = fileURLToPath(new URL("../../../../shared/fixtures/rdap/", import.meta.url));
const fixture = (path: string): unknown => JSON.parse(readFileSync(join(ROOT, path), "utf8"));
const source = {
  protocol: "rdap" as const,
  server: "rdap.example",
  fetchedAt: "2026-01-01T00:00:00Z",
  referrals: [],
};
const parse = (path: string, extra: Partial<RdapParseOptions> = {}): RegistrationRecord =>
  parseRdap(fixture(path), { source, ...extra });
const byRole = (r: RegistrationRecord, role: Contact["role"]): Contact[] =>
  r.contacts.filter((c) => c.role === role);
const isInput = (re: RegExp) => (e: unknown) =>
  e instanceof DnsightError && e.code === "INPUT" && re.test(e.message);

describe("RDAP domain objects (gTLD thin registry, Verisign)", () => {
  it("google.com: dates, statuses, registrar with IANA id and nested abuse, nameservers", () => {
    const r = parse("meeb-whoisit/data_rdap_response_domain1.json");
    assert.equal(r.domain, "google.com");
    assert.equal(r.status, "registered");
    assert.equal(r.created, "1997-09-15T04:00:00Z");
    assert.equal(r.expires, "2028-09-14T04:00:00Z");
    // Only "last update of RDAP database" is given, which is not a change to the domain.
    assert.equal(r.updated, undefined);
    assert.deepEqual(r.eppStatus, [
      "clientDeleteProhibited",
      "clientTransferProhibited",
      "clientUpdateProhibited",
      "serverDeleteProhibited",
      "serverTransferProhibited",
      "serverUpdateProhibited",
    ]);
    assert.equal(r.rawStatus[0], "client delete prohibited");
    assert.deepEqual(r.registrar, {
      name: "MarkMonitor Inc.",
      ianaId: "292",
      abuseEmail: "abusecomplaints@markmonitor.com",
      abusePhone: "+1.2083895740",
    });
    assert.deepEqual(
      r.nameservers.map((n) => n.name),
      ["ns1.google.com", "ns2.google.com", "ns3.google.com", "ns4.google.com"],
    );
    // The file has "secureDNS" twice; JSON.parse keeps the last, delegationSigned true.
    assert.deepEqual(r.dnssec, { signed: true, ds: [] });
    assert.equal(r.source, source);
    assert.deepEqual(r.privacy, { protected: false });
  });

  it("themarquetry.com: one status, registrar.eu abuse contact", () => {
    const r = parse("meeb-whoisit/data_rdap_response_domain3.json");
    assert.equal(r.domain, "themarquetry.com");
    assert.deepEqual(r.eppStatus, ["clientTransferProhibited"]);
    assert.equal(r.created, "2021-03-16T17:07:37Z");
    assert.equal(r.expires, "2022-03-16T17:07:37Z");
    assert.equal(r.registrar.name, "Hosting Concepts B.V. d/b/a Registrar.eu");
    assert.equal(r.registrar.ianaId, "1647");
    assert.equal(r.registrar.abuseEmail, "abuse@registrar.eu");
    assert.equal(r.registrar.abusePhone, "+31.104482297");
    assert.deepEqual(
      r.nameservers.map((n) => n.name),
      ["ns1.dns-parking.com", "ns2.dns-parking.com"],
    );
    assert.equal(r.dnssec.signed, false);
  });

  it("hhgames.com: last changed, registrar URL from the 'about' link", () => {
    const r = parse("icann-rdap-conformance-tool/hhgames_com_response.json");
    assert.equal(r.domain, "hhgames.com");
    assert.equal(r.created, "2002-07-04T19:15:32Z");
    assert.equal(r.expires, "2026-07-04T19:21:02Z");
    assert.equal(r.updated, "2025-04-16T04:27:20Z");
    assert.deepEqual(r.registrar, {
      name: "Sea Wasp, LLC",
      ianaId: "411",
      url: "http://www.fabulous.com",
      abuseEmail: "abuse@fabulous.com",
      abusePhone: "+1.5045078209",
    });
    assert.deepEqual(r.eppStatus, [
      "clientDeleteProhibited",
      "clientTransferProhibited",
      "clientUpdateProhibited",
    ]);
    assert.equal(r.nameservers.length, 4);
    assert.equal(r.nameservers[3]?.name, "ns4.fabulous.com");
  });

  it("nomeo.com: 'active' is EPP ok, fractional seconds, contacts by role", () => {
    const r = parse("icann-rdap-conformance-tool/nomeo_multi_entity_response.json");
    assert.equal(r.domain, "nomeo.com");
    assert.deepEqual(r.rawStatus, ["active"]);
    assert.deepEqual(r.eppStatus, ["ok"]);
    assert.equal(r.created, "2003-10-10T01:55:12Z");
    assert.equal(r.updated, "2025-12-18T16:30:08.570Z");
    assert.equal(r.expires, "2026-10-10T01:55:12Z");
    assert.deepEqual(r.registrar, { name: "Nomeo BV", ianaId: "4148" });
    assert.deepEqual(byRole(r, "registrant"), [
      {
        role: "registrant",
        organization: "Kreos Services BVBA",
        region: "Oost Vlaanderen",
        country: "BE",
        redacted: [],
      },
    ]);
    assert.equal(byRole(r, "administrative")[0]?.handle, "2138514_DOMAIN_COM-EXMP");
    assert.equal(byRole(r, "billing").length, 1);
    assert.equal(byRole(r, "technical").length, 1);
    assert.deepEqual(r.nameservers, [{ name: "ns53.be", ipv4: [], ipv6: [] }]);
    assert.deepEqual(r.privacy, { protected: false });
  });
});

describe("RDAP domain objects (ccTLDs)", () => {
  it("norway.no (Norid): registrar without IANA id, technical contact with jCard details", () => {
    const r = parse("meeb-whoisit/data_rdap_response_domain2.json");
    assert.equal(r.domain, "norway.no");
    assert.deepEqual(r.rawStatus, []);
    assert.equal(r.created, "2017-01-24T12:09:23Z");
    assert.equal(r.updated, "2021-01-14T05:16:59Z");
    assert.equal(r.expires, undefined);
    assert.deepEqual(r.registrar, { name: "Domeneshop AS", url: "https://domeneshop.no" });
    assert.deepEqual(byRole(r, "technical"), [
      {
        role: "technical",
        handle: "DH21326R-NORID",
        name: "Domeneshop Hostmaster",
        email: "hostmaster@domeneshop.no",
        phone: "+47.22943333",
        country: "NO",
        redacted: [],
      },
    ]);
    const registrar = byRole(r, "registrar")[0];
    assert.deepEqual(registrar?.street, ["Christian Krohgs gate 16"]);
    assert.equal(registrar?.city, "Oslo");
    assert.equal(registrar?.postalCode, "NO-0186");
    assert.equal(registrar?.country, "NO");
    assert.deepEqual(
      r.nameservers.map((n) => n.name),
      [
        "ns1-09.azure-dns.com",
        "ns2-09.azure-dns.net",
        "ns3-09.azure-dns.org",
        "ns4-09.azure-dns.info",
      ],
    );
  });

  it("example.cz (CZ.NIC): offsets in dates, handles only, 'transfer' is not 'last changed'", () => {
    const r = parse("openrdap-rdap/rdap.nic.cz/domain-example.cz.json");
    assert.equal(r.domain, "example.cz");
    assert.deepEqual(r.eppStatus, ["ok"]);
    assert.equal(r.created, "2004-08-30T22:55:00Z");
    assert.equal(r.expires, "2019-08-30T12:00:00Z");
    assert.equal(r.updated, undefined);
    assert.deepEqual(r.registrar, { name: "REG-INTERNET-CZ" }); // known by handle alone
    assert.deepEqual(
      r.contacts.map((c) => [c.role, c.handle]),
      [
        ["registrant", "SB:EXAMPLE"],
        ["registrar", "REG-INTERNET-CZ"],
        ["administrative", "EXAMPLE"],
      ],
    );
    assert.deepEqual(
      r.nameservers.map((n) => n.name),
      ["ns2.pipni.cz", "ns3.pipni.cz", "ns.pipni.cz"],
    );
  });
});

describe("RFC 9537 redactions (icann.org partial responses)", () => {
  const files = [
    "icann_org_real_world.json",
    "icann_org_city_real_world.json",
    "icann_org_domain_id_real_world.json",
    "icann_org_phone_real_world.json",
    "icann_org_postal_code_real_world.json",
    "icann_org_registrant_id_real_world.json",
    "icann_org_street_real_world.json",
  ];
  for (const f of files) {
    it(`${f}: redacted registrant fields, removed admin and tech contacts`, () => {
      const r = parse(`icann-rdap-conformance-tool/${f}`, { expect: "domain", name: "icann.org" });
      assert.equal(r.domain, "icann.org");
      const registrant = byRole(r, "registrant")[0];
      assert.deepEqual(registrant?.redacted, [
        "handle",
        "name",
        "street",
        "city",
        "postalCode",
        "phone",
        "fax",
        "email",
      ]);
      assert.equal(registrant?.organization, "Internet Corporation for Assigned Names and Numbers");
      assert.equal(registrant?.region, "CA");
      assert.equal(registrant?.country, "US");
      assert.equal(registrant?.email, undefined);
      // The city and postal-code variants carry a name the redaction says is emptied.
      const expectedName = /city|postal_code/.test(f) ? "Administrative User" : undefined;
      assert.equal(registrant?.name, expectedName);
      assert.deepEqual(byRole(r, "administrative"), [
        { role: "administrative", redacted: ["contact"] },
      ]);
      assert.deepEqual(byRole(r, "technical"), [{ role: "technical", redacted: ["contact"] }]);
      assert.deepEqual(r.privacy, { protected: true });
    });
  }

  it("reads a response without objectClassName only when the caller says what it asked for", () => {
    assert.throws(
      () => parse("icann-rdap-conformance-tool/icann_org_real_world.json"),
      isInput(/no "objectClassName"/),
    );
  });

  it("ignores redacted[] when rdapConformance does not declare 'redacted'", () => {
    const json = fixture("icann-rdap-conformance-tool/icann_org_domain_id_real_world.json") as {
      rdapConformance: string[];
    };
    json.rdapConformance = json.rdapConformance.filter((c) => c !== "redacted");
    const r = parseRdap(json, { source });
    assert.deepEqual(r.contacts, [
      {
        role: "registrant",
        organization: "Internet Corporation for Assigned Names and Numbers",
        region: "CA",
        country: "US",
        redacted: [],
      },
    ]);
  });
});

describe("RDAP ip network objects", () => {
  it("1.1.1.0/24 (APNIC, also as the cidr0 variant): abuse and admin/tech contacts", () => {
    for (const f of ["data_rdap_response_ip_v4.json", "data_rdap_response_cidr_v4.json"]) {
      const r = parse(`meeb-whoisit/${f}`, { expect: "ip network" });
      assert.equal(r.domain, "1.1.1.0/24");
      assert.equal(r.status, "registered");
      assert.equal(r.updated, "2020-07-15T13:10:57Z");
      assert.equal(r.created, undefined);
      assert.deepEqual(r.registrar, {});
      assert.deepEqual(r.eppStatus, []);
      assert.equal(byRole(r, "abuse")[0]?.email, "helpdesk@apnic.net");
      assert.equal(byRole(r, "abuse")[0]?.handle, "IRT-APNICRANDNET-AU");
      const admin = byRole(r, "administrative")[0];
      assert.equal(admin?.name, "APNIC RESEARCH");
      // The voice number, not the fax.
      assert.equal(admin?.phone, "+61-7-3858-3188");
      assert.equal(byRole(r, "technical")[0]?.handle, "AR302-AP");
    }
  });

  it("130.59.0.0 - 130.59.255.255 (RIPE): the range as its one prefix, handle-only contacts", () => {
    const r = parse("meeb-whoisit/data_rdap_response_ip_v4_2.json");
    assert.equal(r.domain, "130.59.0.0/16");
    assert.equal(r.updated, "2021-10-19T07:12:42Z");
    assert.deepEqual(
      byRole(r, "registrant").map((c) => c.handle),
      ["ORG-SG2-RIPE", "RIPE-NCC-LEGACY-MNT", "SWITCH-MNT"],
    );
    assert.equal(byRole(r, "abuse")[0]?.email, "abuse@switch.ch");
    assert.equal(byRole(r, "abuse")[0]?.name, "Abuse-C Role");
  });

  it("NET-13-64-0-0-1 (ARIN): a range of three prefixes, offset dates in UTC, nested contacts", () => {
    const r = parse("meeb-whoisit/data_rdap_response_ip_v4_3.json");
    assert.equal(r.domain, "13.64.0.0 - 13.107.255.255");
    assert.deepEqual(r.rawStatus, ["active"]);
    assert.equal(r.created, "2015-03-26T17:58:18Z");
    assert.equal(r.updated, "2021-12-15T01:28:53Z");
    assert.equal(byRole(r, "registrant")[0]?.name, "Microsoft Corporation");
    assert.equal(byRole(r, "abuse")[0]?.email, "abuse@microsoft.com");
    assert.equal(byRole(r, "abuse")[0]?.phone, "+1-425-882-8080");
  });

  it("NET6-2001-4860-1 (ARIN, IPv6 and its cidr0 variant)", () => {
    for (const f of ["data_rdap_response_ip_v6.json", "data_rdap_response_cidr_v6.json"]) {
      const r = parse(`meeb-whoisit/${f}`);
      assert.equal(r.domain, "2001:4860::/32");
      assert.equal(r.created, "2005-03-14T16:31:08Z");
      assert.equal(r.updated, "2012-02-24T14:44:34Z");
      assert.equal(byRole(r, "registrant")[0]?.name, "Google LLC");
      assert.deepEqual(
        byRole(r, "abuse").map((c) => c.email),
        ["network-abuse@google.com", "arin-contact@google.com"],
      );
    }
  });
});

describe("RDAP autnum objects", () => {
  it("AS13335 (ARIN): contacts nested under the registrant, repeats dropped", () => {
    const r = parse("meeb-whoisit/data_rdap_response_asn.json", { expect: "autnum" });
    assert.equal(r.domain, "AS13335");
    assert.equal(r.created, "2010-07-14T22:35:57Z");
    assert.equal(r.updated, "2017-02-17T23:04:32Z");
    assert.deepEqual(
      r.contacts.map((c) => [c.role, c.handle]),
      [
        ["registrant", "CLOUD14"],
        ["abuse", "ABUSE2916-ARIN"],
        ["administrative", "ADMIN2521-ARIN"],
        ["technical", "ADMIN2521-ARIN"],
        ["noc", "NOC11962-ARIN"],
      ],
    );
    assert.equal(byRole(r, "registrant")[0]?.name, "Cloudflare, Inc.");
    assert.equal(byRole(r, "abuse")[0]?.email, "abuse@cloudflare.com");
    assert.equal(byRole(r, "abuse")[0]?.phone, "+1-650-319-8930");
  });
});

describe("validation at the edge", () => {
  it("rejects entity and nameserver objects, naming the class", () => {
    assert.throws(
      () => parse("meeb-whoisit/data_rdap_response_entity.json"),
      isInput(/objectClassName "entity" is not one of/),
    );
    assert.throws(
      () => parse("openrdap-rdap/rdap-pilot.verisignlabs.com/entity-1-VRSN"),
      isInput(/"entity"/),
    );
    assert.throws(
      () => parse("openrdap-rdap/rdap.nic.cz/nameserver-ns2.pipni.cz.json"),
      isInput(/objectClassName "nameserver"/),
    );
  });

  it("rejects a class other than the one asked for", () => {
    assert.throws(
      () => parse("meeb-whoisit/data_rdap_response_asn.json", { expect: "domain" }),
      isInput(/expected an RDAP "domain" object, got "autnum"/),
    );
  });

  it("rejects what is not a JSON object", () => {
    assert.throws(() => parseRdap(null, { source }), isInput(/JSON object, got null/));
    assert.throws(() => parseRdap([], { source }), isInput(/got an array/));
    assert.throws(() => parseRdap("x", { source }), isInput(/got a string/));
  });

  it("covers every fixture file", () => {
    const walk = (d: string): string[] =>
      readdirSync(d).flatMap((e) =>
        statSync(join(d, e)).isDirectory() ? walk(join(d, e)) : [join(d, e)],
      );
    // 23 files; each is asserted on above (the seven icann_org files in one loop).
    assert.equal(walk(ROOT).length, 23);
  });
});

describe("fields no fixture carries (made-up responses)", () => {
  const domain = (extra: Record<string, unknown>): RegistrationRecord =>
    parseRdap({ objectClassName: "domain", ldhName: "Example.COM.", ...extra }, { source });

  it("matches event actions exactly: 'registrar expiration' is not 'expiration'", () => {
    const r = domain({
      events: [
        { eventAction: "registrar expiration", eventDate: "2030-01-01T00:00:00Z" },
        { eventAction: "expiration", eventDate: "2029-05-01T10:00:00+02:00" },
        { eventAction: "last changed", eventDate: "2024-04-28T22:01:52" },
      ],
    });
    assert.equal(r.domain, "example.com");
    assert.equal(r.expires, "2029-05-01T08:00:00Z");
    // No zone given: read as UTC, not local time.
    assert.equal(r.updated, "2024-04-28T22:01:52Z");
  });

  it("reads DS records and nameserver addresses", () => {
    const r = domain({
      secureDNS: {
        delegationSigned: true,
        dsData: [{ keyTag: 12345, algorithm: 13, digestType: 2, digest: "ab12cd34" }],
      },
      nameservers: [
        { ldhName: "NS1.Example.COM.", ipAddresses: { v4: ["192.0.2.1"], v6: ["2001:db8::1"] } },
        { ldhName: "ns1.example.com" },
      ],
    });
    assert.deepEqual(r.dnssec, { signed: true, ds: ["12345 13 2 AB12CD34"] });
    assert.deepEqual(r.nameservers, [
      { name: "ns1.example.com", ipv4: ["192.0.2.1"], ipv6: ["2001:db8::1"] },
    ]);
  });

  it("turns 'REDACTED FOR PRIVACY' values into redaction markers, not data", () => {
    const r = domain({
      entities: [
        {
          roles: ["registrant"],
          vcardArray: [
            "vcard",
            [
              ["version", {}, "text", "4.0"],
              ["fn", {}, "text", "REDACTED FOR PRIVACY"],
              ["org", {}, "text", "Example Org"],
              [
                "adr",
                {},
                "text",
                ["", "", "REDACTED FOR PRIVACY", "REDACTED FOR PRIVACY", "QC", "", "CA"],
              ],
              ["tel", { type: "voice" }, "uri", "tel:REDACTED FOR PRIVACY"],
              ["email", {}, "text", "Redacted for privacy"],
            ],
          ],
        },
      ],
    });
    assert.deepEqual(byRole(r, "registrant"), [
      {
        role: "registrant",
        organization: "Example Org",
        region: "QC",
        country: "CA",
        redacted: ["name", "street", "city", "phone", "email"],
      },
    ]);
    assert.deepEqual(r.privacy, { protected: true });
  });

  it("names a privacy service found in a contact", () => {
    const r = domain({
      entities: [
        {
          roles: ["registrant"],
          vcardArray: ["vcard", [["org", {}, "text", "Domains By Proxy, LLC"]]],
        },
      ],
    });
    assert.deepEqual(r.privacy, { protected: true, service: "Domains By Proxy" });
  });

  it("maps unknown roles to 'other' and unknown statuses to nothing, keeping the raw word", () => {
    const r = domain({
      status: ["connect", "pending delete"],
      entities: [{ roles: ["sponsor", "weird"] }],
    });
    assert.deepEqual(r.rawStatus, ["connect", "pending delete"]);
    assert.deepEqual(r.eppStatus, ["pendingDelete"]);
    assert.deepEqual(
      r.contacts.map((c) => c.role),
      ["sponsor", "other"],
    );
  });
});
