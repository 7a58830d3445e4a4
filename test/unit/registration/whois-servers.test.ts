import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import {
  referralIn,
  shippedServerTable,
  splitHostPort,
  whoisNumberQueryFor,
  whoisQueryFor,
  whoisServerFor,
} from "../../../src/registration/servers/whois-servers.js";

const fixture = (name: string): string =>
  readFileSync(
    fileURLToPath(
      new URL(`../../../../shared/fixtures/whois/likexian/noterror/${name}`, import.meta.url),
    ),
    "latin1",
  );

describe("the shipped WHOIS server table", () => {
  it("knows the big TLDs and ccTLDs, and IDN TLDs by A-label", () => {
    assert.equal(whoisServerFor("google.com"), "whois.verisign-grs.com");
    assert.equal(whoisServerFor("Example.DE."), "whois.denic.de");
    assert.equal(whoisServerFor("jprs.co.jp"), "whois.jprs.jp");
    assert.equal(whoisServerFor("пример.xn--p1ai"), "whois.tcinet.ru");
    assert.ok(Object.keys(shippedServerTable()).length > 1000);
    assert.equal(whoisServerFor("x.no-such-tld"), undefined);
  });

  it("uses an injected table", () => {
    assert.equal(
      whoisServerFor("a.test", { test: { whois: ["127.0.0.1"], rdap: [] } }),
      "127.0.0.1",
    );
  });
});

describe("query forms", () => {
  it("asks each registry the way it wants", () => {
    assert.equal(whoisQueryFor("whois.verisign-grs.com", "google.com"), "domain google.com");
    assert.equal(whoisQueryFor("whois.denic.de", "xn--mller-kva.de"), "-T dn,ace xn--mller-kva.de");
    assert.equal(whoisQueryFor("whois.jprs.jp", "jprs.jp"), "jprs.jp/e");
    assert.equal(whoisQueryFor("whois.punktum.dk", "ku.dk"), "--show-handles ku.dk");
    assert.equal(whoisQueryFor("whois.nic.uk", "bbc.co.uk"), "bbc.co.uk");
    assert.equal(whoisNumberQueryFor("whois.arin.net", "8.8.8.8"), "n + 8.8.8.8");
    assert.equal(whoisNumberQueryFor("whois.arin.net", "AS15169"), "a + 15169");
  });
});

describe("referralIn", () => {
  it("follows a thin registry to the registrar (Verisign -> MarkMonitor)", () => {
    assert.deepEqual(referralIn(fixture("com_google.com"), "whois.verisign-grs.com"), {
      host: "whois.markmonitor.com",
      port: 43,
    });
  });

  it("reads IANA's refer:, ARIN's ReferralServer and URL-shaped values", () => {
    assert.deepEqual(referralIn("domain:       LIVE\nrefer:        whois.nic.live\n"), {
      host: "whois.nic.live",
      port: 43,
    });
    assert.deepEqual(referralIn("ReferralServer:  whois://whois.ripe.net\n"), {
      host: "whois.ripe.net",
      port: 43,
    });
    assert.deepEqual(referralIn("ReferralServer:  whois://whois.apnic.net:4343\n"), {
      host: "whois.apnic.net",
      port: 4343,
    });
    assert.deepEqual(referralIn("Registrar WHOIS Server: http://whois.godaddy.com/path\n"), {
      host: "whois.godaddy.com",
      port: 43,
    });
  });

  it("ignores empty, self, RWhois and nonsense referrals", () => {
    assert.equal(referralIn("Registrar WHOIS Server: \nDomain Name: X\n"), undefined);
    assert.equal(
      referralIn("Registrar WHOIS Server: whois.markmonitor.com\n", "WHOIS.MARKMONITOR.COM"),
      undefined,
    );
    assert.equal(referralIn("ReferralServer: rwhois://rwhois.example.net:4321\n"), undefined);
    assert.equal(referralIn("Registrar WHOIS Server: see-our-website\n"), undefined);
  });
});

describe("splitHostPort", () => {
  it("reads a port after an address or a host name, dotted or not", () => {
    assert.deepEqual(splitHostPort("127.0.0.1:4343", 43), ["127.0.0.1", 4343]);
    assert.deepEqual(splitHostPort("mirror.lab:4343", 43), ["mirror.lab", 4343]);
    assert.deepEqual(splitHostPort("localhost:4343", 43), ["localhost", 4343]);
    assert.deepEqual(splitHostPort("[::1]:4343", 43), ["::1", 4343]);
    assert.deepEqual(splitHostPort("whois.nic.de", 43), ["whois.nic.de", 43]);
    // A bare IPv6 address: its last group is not a port.
    assert.deepEqual(splitHostPort("::1", 43), ["::1", 43]);
    assert.deepEqual(splitHostPort("2001:db8::43", 43), ["2001:db8::43", 43]);
  });
});
