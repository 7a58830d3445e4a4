// The search box's reading of what it was given: each kind opens its own page.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classify } from "../../../web/src/classify.js";

describe("classify (the UI's search box)", () => {
  it("sends addresses to the IP page", () => {
    assert.deepEqual(classify(" 192.0.2.1 "), { kind: "ip", ip: "192.0.2.1" });
    assert.deepEqual(classify("2001:DB8::1"), { kind: "ip", ip: "2001:db8::1" });
    assert.equal(classify("256.1.1.1").kind, "pdns");
    assert.equal(classify("2001:db8::1::2").kind, "pdns");
  });
  it("sends names, IDNs included, to the domain page in their ASCII form", () => {
    assert.deepEqual(classify("WWW.Example.COM."), { kind: "domain", name: "www.example.com" });
    assert.deepEqual(classify("bücher.example"), { kind: "domain", name: "xn--bcher-kva.example" });
    assert.deepEqual(classify("_dmarc.example.com"), {
      kind: "domain",
      name: "_dmarc.example.com",
    });
  });
  it("reads AS numbers", () => {
    assert.deepEqual(classify("AS64500"), { kind: "asn", asn: 64500 });
    assert.deepEqual(classify("as 13335"), { kind: "asn", asn: 13335 });
    assert.notEqual(classify("AS99999999999").kind, "asn");
  });
  it("leaves patterns, CIDRs and anything else to the passive-DNS search", () => {
    for (const q of ["*.example.com", "example.*", "192.0.2.0/24", "2001:db8::/48", "a b"])
      assert.deepEqual(classify(q), { kind: "pdns", query: q });
    assert.deepEqual(classify("   "), { kind: "empty" });
  });
  it("costs linear time on a long hostile line", () => {
    const t = performance.now();
    classify("a.".repeat(50_000) + "*");
    classify(":".repeat(100_000));
    assert.ok(performance.now() - t < 500);
  });
});
