import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { guardHost, privateRange } from "../../../src/registration/net/address-guard.js";
import { decodeWhois } from "../../../src/registration/net/whois-client.js";
import { PerServerLimiter } from "../../../src/registration/net/per-server-limiter.js";

describe("privateRange", () => {
  it("names the private, loopback and link-local ranges, v4 and v6", () => {
    for (const [ip, want] of [
      ["10.1.2.3", /10\/8/],
      ["172.16.0.1", /172\.16\/12/],
      ["172.31.255.255", /172\.16\/12/],
      ["192.168.1.1", /192\.168/],
      ["127.0.0.1", /loopback/],
      ["169.254.169.254", /link-local/],
      ["100.64.0.1", /shared/],
      ["0.0.0.0", /this network/],
      ["::1", /loopback/],
      ["::", /unspecified/],
      ["fd00::1", /unique local/],
      ["fe80::1", /link-local/],
      ["::ffff:10.0.0.1", /10\/8/],
      ["ff02::1", /multicast/],
    ] as const) {
      assert.match(privateRange(ip) ?? "public", want, ip);
    }
  });

  it("lets public addresses through", () => {
    for (const ip of [
      "8.8.8.8",
      "172.32.0.1",
      "192.169.0.1",
      "2a00:1450:4001::1",
      "::ffff:8.8.8.8",
    ]) {
      assert.equal(privateRange(ip), undefined, ip);
    }
  });
});

describe("guardHost", () => {
  it("refuses a name with any private address, naming it", async () => {
    const resolve = async (): Promise<string[]> => ["93.184.216.34", "10.0.0.5"];
    await assert.rejects(
      guardHost("whois.example", { resolve }),
      /refusing whois\.example: it resolves to 10\.0\.0\.5, private \(10\/8\)/,
    );
    assert.deepEqual(await guardHost("whois.example", { resolve, allowPrivate: true }), [
      "93.184.216.34",
      "10.0.0.5",
    ]);
    await assert.rejects(guardHost("127.0.0.1"), /loopback/);
  });
});

describe("decodeWhois", () => {
  it("keeps UTF-8, falls back to the server charset, then Latin-1", () => {
    assert.equal(decodeWhois(Buffer.from("Inhaber: Müller GmbH", "utf8")), "Inhaber: Müller GmbH");
    assert.equal(decodeWhois(Buffer.from("Inhaber: M\xfcller", "latin1")), "Inhaber: Müller");
    // "등록인" (registrant) in EUC-KR, as whois.kr sends it.
    assert.equal(decodeWhois(Buffer.from("b5eeb7cfc0ce", "hex"), "euc-kr"), "등록인");
  });
});

describe("PerServerLimiter", () => {
  it("spaces queries to one server and honours a back-off", async () => {
    const l = new PerServerLimiter({ rate: 50, burst: 1 });
    const t0 = Date.now();
    await l.acquire("whois.a");
    await l.acquire("whois.b"); // another server is not held up
    await l.acquire("whois.a");
    assert.ok(Date.now() - t0 >= 15, `second query came after ${Date.now() - t0} ms`);
    l.backOff("WHOIS.A", 60);
    assert.ok(l.backoffLeft("whois.a") > 0);
    const t1 = Date.now();
    await l.acquire("whois.a");
    assert.ok(Date.now() - t1 >= 50, `after the back-off: ${Date.now() - t1} ms`);
  });
});
