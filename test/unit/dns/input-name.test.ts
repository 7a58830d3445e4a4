import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { reverseName, toQueryName } from "../../../src/dns/input-name.js";

describe("toQueryName", () => {
  it("turns IPv4 and IPv6 addresses into PTR names", () => {
    assert.deepEqual(toQueryName("192.0.2.1"), {
      qname: "1.2.0.192.in-addr.arpa.",
      reverseOf: "192.0.2.1",
    });
    assert.equal(
      reverseName("2001:db8::1"),
      "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.",
    );
    assert.equal(
      reverseName("::ffff:192.0.2.1"),
      "1.0.2.0.0.0.0.c.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa.",
    );
  });

  it("converts IDNs to A-labels (UTS #46, non-transitional) and makes names absolute", () => {
    assert.equal(toQueryName("bücher.example").qname, "xn--bcher-kva.example.");
    assert.equal(toQueryName("faß.de").qname, "xn--fa-hia.de.");
    assert.equal(toQueryName("BÜCHER.example.").qname, "xn--bcher-kva.example.");
    assert.equal(toQueryName("Example.COM").qname, "Example.COM.");
  });

  it("keeps escapes and rejects what cannot be a name", () => {
    assert.equal(toQueryName("esc\\.aped.example").qname, "esc\\.aped.example.");
    assert.throws(() => toQueryName("a..b"), /empty label/);
    assert.throws(() => toQueryName(`${"a".repeat(64)}.example`), /longer than 63/);
    assert.throws(() => toQueryName("  "), /empty name/);
  });
});
