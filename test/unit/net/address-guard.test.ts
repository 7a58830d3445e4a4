// guardHost and the --allow-private list: every address of a name is checked, a
// listed host or range lets only itself through, and loopback is reached only
// when it is named.
import assert from "node:assert/strict";
import { isDnsightError } from "../../../src/errors.js";
import { describe, it } from "node:test";
import { guardHost, refusal } from "../../../src/net/address-guard.js";
import { parseAllowPrivate } from "../../../src/net/allow-list.js";

describe("guardHost", () => {
  it("refuses a name with any private address, naming it", async () => {
    const resolve = async (): Promise<string[]> => ["93.184.216.34", "10.0.0.5"];
    await assert.rejects(
      guardHost("whois.example", { resolve }),
      /refusing whois\.example: it resolves to 10\.0\.0\.5, private \(10\.0\.0\.0\/8\)/,
    );
    assert.deepEqual(await guardHost("whois.example", { resolve, allowPrivate: true }), [
      "93.184.216.34",
      "10.0.0.5",
    ]);
    await assert.rejects(guardHost("127.0.0.1"), /refusing 127\.0\.0\.1: it is loopback/);
    await assert.rejects(guardHost("[::ffff:127.0.0.1]"), /IPv4-mapped .* loopback/);
    await assert.rejects(guardHost("empty.example", { resolve: async () => [] }), /no address/);
  });

  it("lets a listed lab host through and nothing else", async () => {
    const lab = parseAllowPrivate(["10.1.2.3"]);
    const resolve = async (h: string): Promise<string[]> =>
      h === "mirror.lab" ? ["10.1.2.3"] : h === "other.lab" ? ["10.1.2.4"] : ["127.0.0.1"];
    assert.deepEqual(await guardHost("mirror.lab", { ...lab, resolve }), ["10.1.2.3"]);
    await assert.rejects(guardHost("other.lab", { ...lab, resolve }), /10\.1\.2\.4, private/);
    await assert.rejects(guardHost("referral.lab", { ...lab, resolve }), /127\.0\.0\.1, loopback/);
  });
});

describe("--allow-private", () => {
  const allowed = (values: string[], ip: string): boolean =>
    refusal(ip, parseAllowPrivate(values)) === undefined;

  it("allows one address, one range, IPv4 and IPv6, mapped forms of them too", () => {
    assert.equal(allowed(["10.1.2.3"], "10.1.2.3"), true);
    assert.equal(allowed(["10.1.2.3"], "::ffff:10.1.2.3"), true);
    assert.equal(allowed(["10.1.2.3"], "10.1.2.4"), false);
    assert.equal(allowed(["192.168.5.0/24"], "192.168.5.77"), true);
    assert.equal(allowed(["192.168.5.0/24"], "192.168.6.1"), false);
    assert.equal(allowed(["::ffff:192.168.5.0/120"], "192.168.5.9"), true);
    assert.equal(allowed(["fd00:1::/64"], "fd00:1::5"), true);
    assert.equal(allowed(["[fd00:1::5]"], "fd00:1::5"), true);
    assert.equal(allowed(["fd00:1::/64"], "fd00:2::5"), false);
    assert.equal(allowed(["10.1.2.3", "192.168.5.0/24"], "192.168.5.1"), true, "repeatable");
  });

  it("never reaches loopback or this host through a range that merely contains them", () => {
    for (const wide of [["0.0.0.0/0"], ["::/0"], ["10.0.0.0/8"], ["0.0.0.0/1"]]) {
      assert.equal(allowed(wide, "127.0.0.1"), false, wide[0]);
      assert.equal(allowed(wide, "0.0.0.0"), false, wide[0]);
      assert.equal(allowed(wide, "::1"), false, wide[0]);
      assert.equal(allowed(wide, "::ffff:127.0.0.1"), false, wide[0]);
    }
    assert.equal(allowed(["0.0.0.0/0"], "10.9.9.9"), true);
    assert.equal(allowed(["127.0.0.1"], "127.0.0.1"), true);
    assert.equal(allowed(["127.0.0.1"], "127.0.0.2"), false);
    assert.equal(allowed(["loopback"], "127.0.0.2"), true);
    assert.equal(allowed(["loopback"], "::1"), true);
    assert.equal(allowed(["loopback"], "0.0.0.0"), false, "0.0.0.0 is not loopback by name");
    assert.equal(allowed(["loopback"], "10.0.0.1"), false);
    // Embedded forms are judged as themselves, not as the IPv4 address they carry.
    assert.equal(allowed(["10.1.2.3"], "64:ff9b::a01:203"), false);
    assert.equal(allowed(["10.1.2.3"], "2002:a01:203::1"), false);
  });

  it("allows everything with all", () => {
    for (const ip of ["127.0.0.1", "::1", "10.0.0.1", "169.254.169.254", "0.0.0.0", "fe80::1"])
      assert.equal(allowed(["all"], ip), true, ip);
  });

  it("names a bad value", () => {
    for (const bad of ["example.com", "10.1.2.3/33", "10.1.2/24", "10.1.2.3/8/1", "", "0x7f.1"])
      assert.throws(
        () => parseAllowPrivate([bad]),
        (e: unknown) =>
          isDnsightError(e) &&
          e.code === "INPUT" &&
          /^private addresses allowed must be all, loopback, an address or ADDRESS\/PREFIX/.test(
            e.message,
          ),
        bad,
      );
  });
});
