import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DnsightError } from "../../../src/errors.js";
import {
  Bootstrap,
  loadShippedBootstrap,
  parseBootstrapFile,
  rdapUrl,
  type BootstrapFile,
} from "../../../src/registration/rdap/bootstrap.js";
import { RDAP_OVERRIDES } from "../../../src/registration/rdap/overrides.js";

const file = (services: [string[], string[]][]): BootstrapFile => ({ services });
const ARIN = ["https://rdap.arin.net/registry/", "http://rdap.arin.net/registry/"];
const AFRINIC = ["https://rdap.afrinic.net/rdap/", "http://rdap.afrinic.net/rdap/"];

describe("the shipped RDAP bootstrap", () => {
  const b = loadShippedBootstrap();

  it("reads the four IANA files and their publication dates", () => {
    assert.deepEqual(b.publication, {
      dns: "2024-02-07T04:00:02Z",
      ipv4: "2019-06-07T19:00:02Z",
      ipv6: "2019-11-06T19:00:04Z",
      asn: "2021-12-07T20:00:01Z",
    });
  });

  it("finds a domain's server by its TLD, case-insensitively, trailing dot or not", () => {
    assert.deepEqual(b.forDomain("Example.COM."), ["https://rdap.verisign.com/com/v1/"]);
    assert.deepEqual(b.forDomain("norway.no"), ["https://rdap.norid.no/"]);
    assert.deepEqual(b.forDomain("example.cz"), ["https://rdap.nic.cz/"]);
    assert.deepEqual(b.forDomain("a.b.co.uk"), ["https://rdap.nominet.uk/uk/"]);
  });

  it("looks IDN TLDs up by A-label, converting a U-label first", () => {
    assert.deepEqual(b.forDomain("xn--e1afmkfd.xn--p1acf"), ["https://api.rdap.nic.xn--p1acf/"]);
    assert.deepEqual(b.forDomain("пример.рус"), ["https://api.rdap.nic.xn--p1acf/"]);
  });

  it("fills TLDs missing from IANA's file from the overrides, and knows none for .de", () => {
    assert.deepEqual(b.forDomain("example.nl"), ["https://rdap.sidn.nl/"]);
    assert.deepEqual(b.forDomain("example.pl"), ["https://rdap.dns.pl/"]);
    assert.deepEqual(b.forDomain("example.de"), []);
    assert.deepEqual(b.forDomain("example.io"), []);
  });

  it("finds IPv4 servers by prefix, https first", () => {
    assert.deepEqual(b.forIp("1.1.1.1"), ["https://rdap.apnic.net/"]);
    assert.deepEqual(b.forIp("1.1.1.0/24"), ["https://rdap.apnic.net/"]);
    assert.deepEqual(b.forIp("13.64.0.1"), ARIN);
    assert.deepEqual(b.forIp("41.0.0.1"), AFRINIC);
    // 130.0.0.0/8 is an ARIN legacy block in the IANA file, though 130.59/16 is RIPE's (a redirect).
    assert.deepEqual(b.forIp("130.59.1.1"), ARIN);
    assert.deepEqual(b.forIp("10.0.0.1"), []);
    assert.deepEqual(b.forIp("not an address"), []);
  });

  it("finds IPv6 servers by prefix", () => {
    assert.deepEqual(b.forIp("2001:4860::1"), ARIN);
    assert.deepEqual(b.forIp("2001:200::1"), ["https://rdap.apnic.net/"]);
    assert.deepEqual(b.forIp("2c0f:f000::1"), AFRINIC);
    assert.deepEqual(b.forIp("::ffff:1.1.1.1"), ["https://rdap.apnic.net/"]);
    assert.deepEqual(b.forIp("::ffff:101:101"), ["https://rdap.apnic.net/"]);
  });

  it("finds AS numbers in ranges and as single numbers", () => {
    assert.deepEqual(b.forAsn(13335), ARIN);
    assert.deepEqual(b.forAsn("AS36864"), AFRINIC);
    assert.deepEqual(b.forAsn("as4608"), ["https://rdap.apnic.net/"]);
    assert.deepEqual(b.forAsn(4294967295), []);
    assert.deepEqual(b.forAsn("ASX"), []);
  });
});

describe("a Bootstrap built from other files", () => {
  const b = new Bootstrap(
    {
      dns: file([
        [["uk"], ["https://uk.example/"]],
        [
          ["co.uk", "ORG.UK"],
          ["http://co-uk.example/", "https://co-uk.example/"],
        ],
      ]),
      ipv4: file([
        [["192.0.0.0/8"], ["https://wide.example/"]],
        [["192.0.2.0/24"], ["https://narrow.example/"]],
      ]),
      ipv6: file([
        [["2001:db8::/32"], ["https://v6.example/"]],
        [["2001:db8:1::/48"], ["https://v6-narrow.example/"]],
      ]),
      asn: file([[["64496-64511", "65551"], ["https://asn.example/"]]]),
    },
    { uk: { urls: ["https://override.example/"] }, de: { urls: ["https://de.example/"] } },
  );

  it("takes the longest matching suffix, a second-level entry over the TLD", () => {
    assert.deepEqual(b.forDomain("www.example.co.uk"), [
      "https://co-uk.example/",
      "http://co-uk.example/",
    ]);
    assert.deepEqual(b.forDomain("charity.org.uk"), [
      "https://co-uk.example/",
      "http://co-uk.example/",
    ]);
    assert.deepEqual(b.forDomain("example.uk"), ["https://uk.example/"]);
  });

  it("lets the bootstrap win over an override, and overrides fill gaps", () => {
    assert.deepEqual(b.forDomain("example.de"), ["https://de.example/"]);
    assert.deepEqual(b.forDomain("example.fr"), []);
  });

  it("takes the longest covering prefix", () => {
    assert.deepEqual(b.forIp("192.0.2.7"), ["https://narrow.example/"]);
    assert.deepEqual(b.forIp("192.0.3.7"), ["https://wide.example/"]);
    assert.deepEqual(b.forIp("192.0.0.0/16"), ["https://wide.example/"]);
    assert.deepEqual(b.forIp("2001:db8:1:2::1"), ["https://v6-narrow.example/"]);
    assert.deepEqual(b.forIp("2001:DB8:ffff::1"), ["https://v6.example/"]);
    assert.deepEqual(b.forIp("2001:db9::1"), []);
  });

  it("matches AS ranges inclusively and single numbers exactly", () => {
    assert.deepEqual(b.forAsn(64496), ["https://asn.example/"]);
    assert.deepEqual(b.forAsn(64511), ["https://asn.example/"]);
    assert.deepEqual(b.forAsn(64512), []);
    assert.deepEqual(b.forAsn(65551), ["https://asn.example/"]);
    assert.deepEqual(b.forAsn(65552), []);
  });
});

describe("parseBootstrapFile", () => {
  it("rejects what is not a bootstrap file, naming the problem", () => {
    assert.throws(
      () => parseBootstrapFile([], "dns.json"),
      (e) => e instanceof DnsightError && e.code === "INPUT" && /dns\.json.*object/.test(e.message),
    );
    assert.throws(() => parseBootstrapFile({}, "x"), /"services" must be an array/);
    assert.throws(() => parseBootstrapFile({ services: [[["com"], "u"]] }, "x"), /services\[0\]/);
  });

  it("keeps the metadata", () => {
    const f = parseBootstrapFile(
      { publication: "2024-01-01T00:00:00Z", version: "1.0", services: [] },
      "x",
    );
    assert.deepEqual(f, { services: [], publication: "2024-01-01T00:00:00Z", version: "1.0" });
  });
});

describe("rdapUrl", () => {
  it("appends the query path to a base URL, with or without its trailing slash", () => {
    assert.equal(
      rdapUrl("https://rdap.verisign.com/com/v1/", "domain", "google.com"),
      "https://rdap.verisign.com/com/v1/domain/google.com",
    );
    assert.equal(
      rdapUrl("https://r.example/rdap", "autnum", 13335),
      "https://r.example/rdap/autnum/13335",
    );
    assert.equal(
      rdapUrl("https://r.example/", "ip", "192.0.2.0/24"),
      "https://r.example/ip/192.0.2.0/24",
    );
    assert.equal(
      rdapUrl("https://r.example/", "ip", "2001:db8::1"),
      "https://r.example/ip/2001:db8::1",
    );
    assert.equal(
      rdapUrl("https://r.example/", "entity", "A B/C"),
      "https://r.example/entity/A%20B%2FC",
    );
  });
});

describe("the overrides table", () => {
  it("holds only base URLs ending in a slash, for lowercase A-label TLDs", () => {
    for (const [tld, o] of Object.entries(RDAP_OVERRIDES)) {
      assert.match(tld, /^[a-z0-9-]+$/);
      for (const u of o.urls) assert.match(u, /^https?:\/\/.+\/$/, tld);
    }
  });
});
