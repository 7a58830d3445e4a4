// Registry-specific layouts and registrar fields carrying a handle (issue 12). Each
// text is cut from a response in ../shared/fixtures/whois/ (named), shortened.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseWhois } from "../../../src/registration/whois/parse.js";
import { splitRegistrar } from "../../../src/registration/whois/registrar-name.js";

describe("registrar fields carrying a handle", () => {
  it("splits name and handle, IANA id or URL", () => {
    assert.deepEqual(splitRegistrar("Tucows Inc. (R11-LROR)"), {
      name: "Tucows Inc.",
      handle: "R11-LROR",
    });
    assert.deepEqual(splitRegistrar("Name Inc. (R151-LRMS)"), {
      name: "Name Inc.",
      handle: "R151-LRMS",
    });
    assert.deepEqual(splitRegistrar("Name Inc. - R151-LRMS"), {
      name: "Name Inc.",
      handle: "R151-LRMS",
    });
    assert.deepEqual(splitRegistrar("EURO-0001 - SK-NIC, a.s."), {
      name: "SK-NIC, a.s.",
      handle: "EURO-0001",
    });
    assert.deepEqual(splitRegistrar("Fasthosts Internet Ltd [Tag = LIVEDOMAINS]"), {
      name: "Fasthosts Internet Ltd",
      handle: "LIVEDOMAINS",
    });
    assert.deepEqual(splitRegistrar("Registry Operator acts as Registrar (9999)"), {
      name: "Registry Operator acts as Registrar",
      ianaId: "9999",
    });
    assert.deepEqual(splitRegistrar("Megazone(http://HOSTING.KR)"), {
      name: "Megazone",
      url: "http://HOSTING.KR",
    });
    // not handles: a short name after a dash, a company in brackets
    assert.deepEqual(splitRegistrar("Société Française du Radiotéléphone - SFR"), {
      name: "Société Française du Radiotéléphone - SFR",
    });
    assert.deepEqual(splitRegistrar("Oman Telecommunication Company (Omantel)"), {
      name: "Oman Telecommunication Company (Omantel)",
    });
  });

  it("reads `Sponsoring Registrar:Tucows Inc. (R11-LROR)` (python-whois/slashdot.org)", () => {
    const r = parseWhois("Domain Name:SLASHDOT.ORG\nSponsoring Registrar:Tucows Inc. (R11-LROR)\n");
    assert.equal(r.registrar.name, "Tucows Inc.");
    assert.equal(r.registrar.handle, "R11-LROR");
  });

  it("reads a registrar object named by handle (python-whois/google.com.ua)", () => {
    const text =
      "domain:           google.com.ua\nstatus:           ok\n\n% Registrar:\n% ==========\n" +
      "registrar:        ua.markmonitor\norganization:     MarkMonitor Inc.\nurl:              http://markmonitor.com\n";
    const r = parseWhois(text);
    assert.equal(r.registrar.name, "MarkMonitor Inc.");
    assert.equal(r.registrar.handle, "ua.markmonitor");
  });

  it("reads a registrar block whose name follows its handle (whoisdomain/sk-nic.sk)", () => {
    const text =
      "Domain:                       sk-nic.sk\nCreated:                      2003-06-10\n\n" +
      "Registrar:                    EURO-0001\nName:                         SK-NIC, a.s.\n" +
      "Organization:                 SK-NIC, a.s.\nPhone:                        +421.1\nEmail:                        a@b.sk\n";
    const r = parseWhois(text);
    assert.equal(r.registrar.name, "SK-NIC, a.s.");
    assert.equal(r.registrar.handle, "EURO-0001");
  });
});

describe("registry-specific blocks", () => {
  it(".tr: `** Title:` sections, registrar, name servers, no server time (whoisdomain/anadolu.edu.tr)", () => {
    const text = [
      "** Domain Name: anadolu.edu.tr",
      "Frozen Status: -",
      "",
      "** Registrar:",
      "NIC Handle\t\t: tk1036",
      "Organization Name\t: TRABİS KK",
      "",
      "** Domain Servers:",
      "ns.anadolu.edu.tr 193.140.21.141",
      "ns1.anadolu.edu.tr 193.140.21.144",
      "",
      "** Additional Info:",
      "Created on..............: 2000-Sep-18.",
      "Expires on..............: 2023-Sep-17.",
      "",
      "** Whois Server:",
      "Last Update Time: 2023-09-09T13:32:13+03:00",
    ].join("\n");
    const r = parseWhois(text);
    assert.equal(r.registrar.name, "TRABİS KK");
    assert.equal(r.registrar.handle, "tk1036");
    assert.deepEqual(
      r.nameservers.map((n) => [n.name, n.ipv4[0]]),
      [
        ["ns.anadolu.edu.tr", "193.140.21.141"],
        ["ns1.anadolu.edu.tr", "193.140.21.144"],
      ],
    );
    assert.equal(r.created, "2000-09-18T00:00:00Z");
    assert.equal(r.expires, "2023-09-17T00:00:00Z");
    assert.equal(r.updated, undefined);
  });

  it(".ru: the TCI footer `Last updated on` dates the database (likexian/ru_google.ru)", () => {
    const text =
      "domain:        GOOGLE.RU\nstate:         REGISTERED, DELEGATED, VERIFIED\n" +
      "created:       2004-03-03T21:00:00Z\npaid-till:     2021-03-04T21:00:00Z\nsource:        TCI\n\n" +
      "Last updated on 2019-09-29T10:56:30Z\n";
    const r = parseWhois(text);
    assert.equal(r.updated, undefined);
    assert.equal(r.expires, "2021-03-04T21:00:00Z");
    assert.equal(r.status, "registered");
  });

  it("JPRS: `[State] Connected (2024/03/31)` gives the expiry (whoisdomain/meta.co.jp)", () => {
    const text =
      "Domain Information:\na. [Domain Name]                META.CO.JP\np. [Name Server]                ns.meta.co.jp\n" +
      "[State]                         Connected (2024/04/30)\n[Registered Date]               1994/04/01\n";
    const r = parseWhois(text);
    assert.equal(r.expires, "2024-04-30T00:00:00Z");
    assert.equal(r.created, "1994-04-01T00:00:00Z");
  });

  it("THNIC: `Exp date` is the expiry (whoisdomain/chula.ac.th)", () => {
    const text =
      "Domain Name:                CHULA.AC.TH\nStatus:                     ACTIVE\n" +
      "Created date:               17 Jan 1999\nExp date:                   16 Jan 2025\n";
    assert.equal(parseWhois(text).expires, "2025-01-16T00:00:00Z");
  });

  it("ISOC-IL: `assigned` is created, the latest of a run of `changed` the update (python-whois/google.co.il)", () => {
    const text =
      "domain:       google.co.il\nassigned:     05-06-1999\nvalidity:     05-06-2026\n" +
      "changed:      registrar AT ns.il 19990605 (Assigned)\nchanged:      domain-registrar AT isoc.org.il 20020926 (Changed)\n" +
      "changed:      domain-registrar AT isoc.org.il 20181216 (Changed)\n";
    const r = parseWhois(text);
    assert.equal(r.created, "1999-06-05T00:00:00Z");
    assert.equal(r.updated, "2018-12-16T00:00:00Z");
    assert.equal(r.expires, "2026-06-05T00:00:00Z");
  });

  it("Nominet: a name-server line with an IPv6 address is no key (whoisdomain/livedns.co.uk)", () => {
    const text =
      "    Domain name:\n        livedns.co.uk\n\n    Name servers:\n" +
      "        ns1.livedns.co.uk         217.160.81.244  2001:8d8:fe:53:fa::1\n" +
      "        ns3.livedns.co.uk         185.132.35.244  2607:f1c0:fe:53:185:132:35:244\n";
    const r = parseWhois(text);
    assert.deepEqual(
      r.nameservers.map((n) => n.name),
      ["ns1.livedns.co.uk", "ns3.livedns.co.uk"],
    );
  });

  it(".pl: a pre-registration option's dates are not the domain's (whoisdomain/wp.pl)", () => {
    const text =
      "DOMAIN NAME:                    wp.pl\noption created:                 2026.02.10 10:51:12\n" +
      "option expiration date:         2029.02.10 10:51:12\ncreated:                        1998.04.28 13:00:00\n";
    const r = parseWhois(text);
    assert.equal(r.created, "1998-04-28T13:00:00Z");
    assert.equal(r.expires, undefined);
  });

  it("Verisign's No match for a TLD it says it does not hold is unknown (whoisdomain/net.ye)", () => {
    const text =
      'No match for domain "NET.YE".\n>>> Last update of whois database: 2023-09-09T10:46:22Z <<<\n\n' +
      "The Registry database contains ONLY .COM, .NET, .EDU domains and\nRegistrars.\n";
    assert.equal(parseWhois(text, { domain: "net.ye" }).status, "unknown");
    assert.equal(
      parseWhois(text.replace("NET.YE", "X.NET"), { domain: "x.net" }).status,
      "available",
    );
  });

  it("the record's domain is an A-label when a U-label was asked (whoisdomain/google.台湾)", () => {
    const r = parseWhois("Domain Name: google.xn--kprw13d\nCreation Date: 2020-01-14T22:59:05Z\n", {
      domain: "google.台湾",
    });
    assert.equal(r.domain, "google.xn--kprw13d");
  });
});
