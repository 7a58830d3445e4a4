import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { parseRegistryDate } from "../../../src/registration/dates.js";
import { splitBlocks } from "../../../src/registration/whois/blocks.js";
import { parseWhois } from "../../../src/registration/whois/parse.js";
import { eppCodes } from "../../../src/registration/whois/status.js";

// WHOIS date shapes, read by the one date reader the parser uses (dates.ts).
describe("WHOIS dates", () => {
  const cases: [string, string | undefined][] = [
    ["2019-09-09T08:39:04-0700", "2019-09-09T15:39:04Z"],
    ["2008-10-22T11:33:44+02:00", "2008-10-22T09:33:44Z"],
    ["2001-06-14-T10:32:43Z", "2001-06-14T10:32:43Z"],
    ["20221101 00:10:24", "2022-11-01T00:10:24Z"],
    ["19961206 #24302", "1996-12-06T00:00:00Z"],
    ["11-Jun-2014", "2014-06-11T00:00:00Z"],
    ["31 May 1999", "1999-05-31T00:00:00Z"],
    ["2012. 05. 19.", "2012-05-19T00:00:00Z"],
    ["4.7.2020 10:15:55", "2020-07-04T10:15:55Z"],
    ["11-07-2017", "2017-07-11T00:00:00Z"],
    ["12/18/2001", "2001-12-18T00:00:00Z"],
    ["2017/06/01 01:05:09 (JST)", "2017-05-31T16:05:09Z"],
    ["2000-08-29 10:22:50 (UTC+8)", "2000-08-29T02:22:50Z"],
    ["30th April 2003 at 00:00:00.000", "2003-04-30T00:00:00Z"],
    ["Tue Feb 10 09:42:42 2004", "2004-02-10T09:42:42Z"],
    ["2001-Aug-23.", "2001-08-23T00:00:00Z"],
    ["before 1 January 1996", undefined],
    ["Not Disclosed", undefined],
  ];
  for (const [input, want] of cases) {
    it(`reads ${JSON.stringify(input)}`, () => assert.equal(parseRegistryDate(input), want));
  }
  it("reads ambiguous slash dates day first, month first for Freenom's TLDs or when told", () => {
    assert.equal(parseRegistryDate("02/11/2019 23:59:00"), "2019-11-02T23:59:00Z");
    // tk_google.tk: "Domain registered: 12/18/2001" and "Record will expire on: 03/02/2020"
    assert.equal(parseRegistryDate("03/02/2020", { tld: "tk" }), "2020-03-02T00:00:00Z");
    assert.equal(parseRegistryDate("03/02/2020", { order: "mdy" }), "2020-03-02T00:00:00Z");
  });
});

describe("splitBlocks", () => {
  it("reads leaders, JPRS brackets and skips comments", () => {
    const { entries } = splitBlocks(
      "% comment\n# another\nDomain Name.........: example.kz\n[Created on]   2005/05/30\n>>> Last update of WHOIS database: x <<<\n",
    );
    assert.deepEqual(
      entries.map((e) => [e.key, e.value]),
      [
        ["domain name", "example.kz"],
        ["created on", "2005/05/30"],
      ],
    );
  });

  it("gives indented values to their header and prefixes nothing outside sections", () => {
    const text =
      "    Registrar:\n        Example Ltd [Tag = EX]\n        URL: http://ex.example\n    Name servers:\n        ns1.example.net\n        ns2.example.net\n";
    const { entries } = splitBlocks(text);
    assert.deepEqual(
      entries.map((e) => [e.section ?? "", e.key, e.value]),
      [
        ["", "registrar", "Example Ltd [Tag = EX]"],
        ["registrar", "url", "http://ex.example"],
        ["", "name servers", "ns1.example.net"],
        ["", "name servers", "ns2.example.net"],
      ],
    );
  });

  it("drops notice paragraphs", () => {
    const { entries } = splitBlocks(
      "Domain: a.example\n\nNOTICE: The expiration date\nKey: value in prose\n\nStatus: ok\n",
    );
    assert.deepEqual(
      entries.map((e) => e.key),
      ["domain", "status"],
    );
  });
});

describe("eppCodes", () => {
  it("strips URLs and maps spaced, upper-case and RDAP spellings", () => {
    assert.deepEqual(
      eppCodes("clientTransferProhibited https://icann.org/epp#clientTransferProhibited"),
      ["clientTransferProhibited"],
    );
    assert.deepEqual(eppCodes("CLIENT DELETE PROHIBITED"), ["clientDeleteProhibited"]);
    assert.deepEqual(eppCodes("CLIENT_UPDATE_PROHIBITED"), ["clientUpdateProhibited"]);
    assert.deepEqual(eppCodes("ok (paid and in zone)"), ["ok"]);
    assert.deepEqual(eppCodes("Delete Prohibited by Registrar"), ["clientDeleteProhibited"]);
    assert.deepEqual(eppCodes("clientUpdateProhibited,clientTransferProhibited"), [
      "clientUpdateProhibited",
      "clientTransferProhibited",
    ]);
    assert.deepEqual(eppCodes("connect"), []);
  });
});

describe("parseWhois", () => {
  it("fills a gTLD record", () => {
    const r = parseWhois(
      [
        "Domain Name: EXAMPLE.COM",
        "Registrar WHOIS Server: whois.registrar.example",
        "Registrar URL: http://registrar.example",
        "Updated Date: 2024-01-02T03:04:05Z",
        "Creation Date: 1995-08-14T04:00:00Z",
        "Registry Expiry Date: 2025-08-13T04:00:00Z",
        "Registrar: Example Registrar, Inc.",
        "Registrar IANA ID: 9999",
        "Registrar Abuse Contact Email: abuse@registrar.example",
        "Domain Status: clientDeleteProhibited https://icann.org/epp#clientDeleteProhibited",
        "Registrant Organization: Example Org",
        "Registrant Email: REDACTED FOR PRIVACY",
        "Name Server: NS1.EXAMPLE.NET.",
        "Name Server: ns2.example.net 192.0.2.1 2001:db8::1",
        "DNSSEC: signedDelegation",
        ">>> Last update of whois database: 2024-05-01T00:00:00Z <<<",
      ].join("\n"),
      { server: "whois.verisign-grs.com", fetchedAt: "2024-05-01T00:00:00Z" },
    );
    assert.equal(r.domain, "example.com");
    assert.equal(r.status, "registered");
    assert.equal(r.created, "1995-08-14T04:00:00Z");
    assert.equal(r.updated, "2024-01-02T03:04:05Z");
    assert.equal(r.expires, "2025-08-13T04:00:00Z");
    assert.deepEqual(r.registrar, {
      name: "Example Registrar, Inc.",
      ianaId: "9999",
      url: "http://registrar.example",
      whoisServer: "whois.registrar.example",
      abuseEmail: "abuse@registrar.example",
    });
    assert.deepEqual(r.eppStatus, ["clientDeleteProhibited"]);
    assert.deepEqual(r.nameservers, [
      { name: "ns1.example.net", ipv4: [], ipv6: [] },
      { name: "ns2.example.net", ipv4: ["192.0.2.1"], ipv6: ["2001:db8::1"] },
    ]);
    assert.equal(r.dnssec.signed, true);
    assert.deepEqual(r.contacts, [
      { role: "registrant", organization: "Example Org", redacted: ["email"] },
    ]);
    assert.deepEqual(r.privacy, { protected: true });
    assert.equal(r.source.protocol, "whois");
    assert.equal(r.source.server, "whois.verisign-grs.com");
  });

  it("resolves RIPE-style contact handles and keeps object dates out of the domain's", () => {
    const r = parseWhois(
      [
        "domain:      example.fr",
        "status:      ACTIVE",
        "holder-c:    H1-FRNIC",
        "registrar:   EXAMPLE REG",
        "created:     2000-07-26T22:00:00Z",
        "nserver:     ns1.example.net",
        "",
        "registrar:   EXAMPLE REG",
        "address:     1 Street",
        "registered:  1990-01-01T00:00:00Z",
        "",
        "nic-hdl:     H1-FRNIC",
        "contact:     Example Holder",
        "e-mail:      holder@example.fr",
        "changed:     2015-03-20T21:13:41Z",
      ].join("\n"),
    );
    assert.equal(r.created, "2000-07-26T22:00:00Z");
    assert.equal(r.updated, undefined);
    assert.deepEqual(r.rawStatus, ["ACTIVE"]);
    assert.deepEqual(r.eppStatus, ["ok"]);
    assert.equal(r.registrar.name, "EXAMPLE REG");
    const holder = r.contacts.find((c) => c.role === "registrant");
    assert.equal(holder?.handle, "H1-FRNIC");
    assert.equal(holder?.name, "Example Holder");
    assert.equal(holder?.email, "holder@example.fr");
  });

  it("tells available, reserved, throttled and unknown apart", () => {
    assert.equal(parseWhois('No match for "NOPE.COM".\n>>> Last update <<<').status, "available");
    assert.equal(parseWhois("Domain: nope.de\nStatus: free\n").status, "available");
    assert.equal(parseWhois("Not available for second level registration.\n").status, "reserved");
    assert.equal(parseWhois("Query rate limit exceeded. Try again later.\n").status, "throttled");
    assert.equal(
      parseWhois("Queries are throttled. If too many queries are received from one address, ...\n")
        .status,
      "unknown",
    );
  });

  it("reads a registered answer with only a domain and an EPP status (.gov)", () => {
    assert.equal(parseWhois("   Domain Name: US.GOV\n   Status: ACTIVE\n").status, "registered");
  });

  it("stays linear on hostile input (long space runs, many headers)", () => {
    const started = Date.now();
    parseWhois(`a${" ".repeat(50_000)}b\n${"Registrar:    \n".repeat(5_000)}`);
    parseWhois(`a${" .".repeat(30_000)}\nRegistrar: x\n`);
    assert.ok(Date.now() - started < 2_000);
  });

  it("keeps a flat titled section across an empty field, and lets domain keys through it", () => {
    const r = parseWhois(
      [
        "Domain Name:  EXAMPLE.HK",
        "Registrant Contact Information:",
        "",
        "Company Chinese name: ",
        "Email:  owner@example.hk",
        "Expiry Date: 31-03-2020",
        "",
        "Administrative Contact Information:",
        "Company name:  Example Ltd",
        "",
        "Name Servers Information:",
        "",
        "NS1.EXAMPLE.NET",
      ].join("\n"),
    );
    assert.equal(r.expires, "2020-03-31T00:00:00Z");
    assert.deepEqual(
      r.contacts.map((c) => [c.role, c.email ?? c.organization]),
      [
        ["registrant", "owner@example.hk"],
        ["administrative", "Example Ltd"],
      ],
    );
    assert.deepEqual(
      r.nameservers.map((n) => n.name),
      ["ns1.example.net"],
    );
  });

  it("reads JPRS bracket keys with list letters and contact handles", () => {
    const r = parseWhois(
      "a. [Domain Name]                EXAMPLE.CO.JP\nm. [Administrative Contact]     YN47525JP\n[State]                         Connected (2024/03/31)\n[Registered Date]               2001/03/22\n",
    );
    assert.equal(r.domain, "example.co.jp");
    assert.equal(r.created, "2001-03-22T00:00:00Z");
    assert.deepEqual(r.rawStatus, ["Connected (2024/03/31)"]);
    assert.equal(r.contacts[0]?.handle, "YN47525JP");
  });

  it("reads DNSSEC from flags, DS and DNSKEY lines", () => {
    assert.equal(
      parseWhois("Domain: a.example\nDNSSEC: unsigned\nNserver: ns.a.example\n").dnssec.signed,
      false,
    );
    assert.equal(parseWhois("Domain: a.example\nDNSSEC: Signed delegation\n").dnssec.signed, true);
    const ds = "6125 8 2 80f8b78d23107153578bad3800e9543500474e5c30c29698b40a3db23ed9da9f";
    assert.deepEqual(parseWhois(`domain: a.example\nds-rdata: ${ds}\n`).dnssec, {
      signed: true,
      ds: [ds],
    });
    assert.equal(
      parseWhois(
        "Domain: a.example\nDnskey: 257 3 8 AwEAAcBs30zgmOeYcUYzJetRzRYGQXlnXpv2gO3KWf5BY=\n",
      ).dnssec.signed,
      true,
    );
  });

  it("names a privacy service from the contacts (shared detector)", () => {
    const r = parseWhois(
      "Domain Name: a.example\nRegistrant Organization: Domains By Proxy, LLC\nName Server: ns1.a.example\n",
    );
    assert.deepEqual(r.privacy, { protected: true, service: "Domains By Proxy" });
  });
});

describe("WHOIS multi-match answers (Verisign bare-name query)", () => {
  it("reads the asked domain's block, not the hosts and longer names listed before it", () => {
    const path = fileURLToPath(
      new URL("../../../../shared/fixtures/whois/python-whois/whois/google.com", import.meta.url),
    );
    const r = parseWhois(readFileSync(path, "utf8"), { domain: "google.com" });
    assert.equal(r.registrar.name, "MARKMONITOR INC.");
    assert.deepEqual(
      r.nameservers.map((n) => n.name),
      ["ns1.google.com", "ns2.google.com", "ns3.google.com", "ns4.google.com"],
    );
    assert.equal(r.created, "1997-09-15T00:00:00Z");
  });
});
