import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseTarget, targetKey } from "../../../src/registration/target.js";

describe("parseTarget", () => {
  it("reads domains as A-labels with UTS #46 non-transitional mapping", () => {
    assert.deepEqual(parseTarget("Example.COM."), {
      kind: "domain",
      name: "example.com",
      unicode: "example.com",
    });
    assert.deepEqual(parseTarget("faß.de"), {
      kind: "domain",
      name: "xn--fa-hia.de",
      unicode: "faß.de",
    });
    assert.deepEqual(parseTarget("BÜCHER.de"), {
      kind: "domain",
      name: "xn--bcher-kva.de",
      unicode: "bücher.de",
    });
    assert.equal(targetKey(parseTarget("пример.рф")), "xn--e1afmkfd.xn--p1ai");
  });

  it("reads IP addresses and AS numbers", () => {
    assert.deepEqual(parseTarget("8.8.8.8"), { kind: "ip", address: "8.8.8.8", family: 4 });
    assert.deepEqual(parseTarget("2001:DB8::1"), { kind: "ip", address: "2001:db8::1", family: 6 });
    assert.deepEqual(parseTarget("AS15169"), { kind: "asn", number: 15169 });
    assert.deepEqual(parseTarget("as4200000000"), { kind: "asn", number: 4200000000 });
    assert.deepEqual(parseTarget("15169"), { kind: "asn", number: 15169 });
    assert.equal(targetKey(parseTarget("AS15169")), "as15169");
  });

  it("names what it cannot read", () => {
    assert.throws(() => parseTarget("a..b"), /"a\.\.b" is not a valid domain name/);
    assert.throws(() => parseTarget("two words"), /not a domain, IP address or AS number/);
    assert.throws(() => parseTarget("AS99999999999"), /AS numbers stop at 4294967295/);
  });

  it("refuses a name longer than 253 characters, quoting only its start", () => {
    const long = `${"a.".repeat(127)}com`;
    assert.equal(parseTarget(long.slice(4)).kind, "domain"); // 253 characters
    assert.throws(
      () => parseTarget(long),
      (e: Error) => {
        assert.match(e.message, /^"a\.a\.a.*…" is not a valid domain name$/);
        assert.ok(e.message.length < 100);
        return true;
      },
    );
  });
});
