import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeWhois } from "../../../src/registration/net/whois-client.js";
import { PerServerLimiter } from "../../../src/registration/net/per-server-limiter.js";

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
