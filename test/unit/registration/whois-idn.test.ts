import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  WHOIS_IDN_FORMS,
  idnFormFor,
  nameInForm,
} from "../../../src/registration/servers/whois-idn.js";
import { whoisQueryFor } from "../../../src/registration/servers/whois-servers.js";

describe("IDN query forms", () => {
  it("asks with the A-label unless a server is listed otherwise", () => {
    assert.equal(idnFormFor("whois.verisign-grs.com"), "a-label");
    assert.equal(idnFormFor("whois.nic.example"), "a-label");
    assert.equal(whoisQueryFor("whois.denic.de", "xn--strae-oqa.de"), "-T dn,ace xn--strae-oqa.de");
    assert.equal(whoisQueryFor("whois.tcinet.ru", "xn--j1ay.xn--p1ai"), "xn--j1ay.xn--p1ai");
  });

  it("gives every listed fact a reason", () => {
    for (const [server, fact] of Object.entries(WHOIS_IDN_FORMS))
      assert.ok(fact.why.length > 20, server);
  });

  it("turns an A-label into its U-label (UTS-46 non-transitional: ß stays)", () => {
    assert.equal(nameInForm("xn--strae-oqa.de", "u-label"), "straße.de");
    assert.equal(nameInForm("xn--j1ay.xn--p1ai", "u-label"), "кц.рф");
    assert.equal(nameInForm("example.com", "u-label"), "example.com");
    assert.equal(nameInForm("xn--strae-oqa.de", "a-label"), "xn--strae-oqa.de");
    // a bad Punycode label is sent as it came
    assert.equal(nameInForm("xn--zz.de", "u-label"), "xn--zz.de");
  });

  it("sends the U-label to a server listed for it, in the server's query form", () => {
    const table = {
      "whois.denic.de": { form: "u-label" as const, why: "a test table" },
      "whois.nic.example": { form: "u-label" as const, why: "a test table" },
    };
    assert.equal(whoisQueryFor("whois.denic.de", "xn--strae-oqa.de", table), "-T dn,ace straße.de");
    assert.equal(whoisQueryFor("WHOIS.NIC.EXAMPLE", "xn--j1ay.xn--p1ai", table), "кц.рф");
  });

  it("keeps the A-label for a server that reads a legacy charset", () => {
    // a U-label goes out as UTF-8; JPRS reads ISO-2022-JP (whois-charsets.ts)
    const table = { "whois.jprs.jp": { form: "u-label" as const, why: "a test table" } };
    assert.equal(idnFormFor("whois.jprs.jp", table), "a-label");
    assert.equal(whoisQueryFor("whois.jprs.jp", "xn--wgv71a.jp", table), "xn--wgv71a.jp/e");
  });
});
