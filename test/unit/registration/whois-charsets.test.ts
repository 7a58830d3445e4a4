import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeWhois } from "../../../src/registration/net/whois-client.js";
import {
  WHOIS_CHARSETS,
  whoisCharsetFor,
} from "../../../src/registration/servers/whois-charsets.js";

const hex = (h: string): Uint8Array => Buffer.from(h.replace(/\s/g, ""), "hex");

describe("the per-server charset table", () => {
  it("names the legacy charsets of the servers known to use one", () => {
    assert.equal(whoisCharsetFor("whois.jprs.jp"), "iso-2022-jp");
    assert.equal(whoisCharsetFor("WHOIS.KR."), "euc-kr");
    assert.equal(whoisCharsetFor("whois.kg"), "windows-1251");
    assert.equal(whoisCharsetFor("whois.verisign-grs.com"), undefined);
  });

  it("uses labels Node's TextDecoder knows", () => {
    for (const [server, { charset }] of Object.entries(WHOIS_CHARSETS))
      assert.doesNotThrow(() => new TextDecoder(charset), server);
  });
});

describe("decodeWhois", () => {
  it("prefers UTF-8 whatever the server's charset", () => {
    assert.equal(decodeWhois(Buffer.from("org: Пример\n"), "koi8-r"), "org: Пример\n");
  });

  it("falls back to the server's charset, then to Latin-1", () => {
    assert.equal(decodeWhois(hex("f0d2c9cdc5d2"), "koi8-r"), "Пример");
    assert.equal(decodeWhois(hex("c7d1b1b9"), "euc-kr"), "한국");
    assert.equal(decodeWhois(hex("a578c657"), "big5"), "台灣");
    assert.equal(decodeWhois(hex("cff0e8ece5f0"), "windows-1251"), "Пример");
    assert.equal(decodeWhois(hex("536f6369e974e9"), "no-such-charset"), "Société");
    assert.equal(decodeWhois(hex("536f6369e974e9")), "Société");
  });

  it("reads ISO-2022-JP by its escapes, though its bytes are valid UTF-8", () => {
    const raw = hex("1b2442 467c 4b5c 1b2842 2e6a70");
    assert.equal(decodeWhois(raw, "iso-2022-jp"), "日本.jp");
    // without the fact, the escapes stay (no guessing for unknown servers)
    assert.equal(decodeWhois(raw), "\x1b$BF|K\\\x1b(B.jp");
    // plain ASCII from JPRS (the `/e` answer) is unchanged
    assert.equal(
      decodeWhois(Buffer.from("[Domain Name] JPRS.JP\n"), "iso-2022-jp"),
      "[Domain Name] JPRS.JP\n",
    );
  });
});
