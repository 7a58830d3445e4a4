// Legacy charsets through the WHOIS chain: TCP servers on loopback, each standing
// in for a registry known to answer in EUC-KR, KOI8-R or ISO-2022-JP, send those
// bytes (made with iconv(1) once, written here in hex), and every hop comes back
// decoded in its own server's charset. Server names map to 127.x addresses.
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { createServer, type Server } from "node:net";
import { after, before, describe, it } from "node:test";
import { fetchWhoisChain } from "../../src/registration/whois-chain.js";
import { freePort } from "../helpers/ports.js";

const bytes = (...parts: (string | { hex: string })[]): Buffer =>
  Buffer.concat(
    parts.map((p) => (typeof p === "string" ? Buffer.from(p, "ascii") : Buffer.from(p.hex, "hex"))),
  );

// 한국인터넷진흥원 in EUC-KR; ООО "Пример" in KOI8-R; 株式会社日本レジストリサービス
// in ISO-2022-JP (7-bit, so it is valid UTF-8 as well: only the escapes tell).
const KISA = { hex: "c7d1b1b9c0cec5cdb3ddc1f8c8efbff8" };
const PRIMER = { hex: "efefef2022f0d2c9cdc5d222" };
const JPRS = {
  hex: "1b244233743c3032713c52467c4b5c256c253825392548256a2535213c255325391b2842",
};

const net = `127.${randomInt(20, 250)}.${randomInt(1, 250)}`;
const HOSTS: Record<string, string> = {
  "whois.kr": `${net}.2`,
  "whois.ripn.net": `${net}.3`,
  "whois.jprs.jp": `${net}.4`,
  "whois.registry.example": `${net}.5`,
  "whois.registrar.example": `${net}.6`,
};

const REPLIES: Record<string, Buffer> = {
  "whois.kr": bytes(
    "Domain Name                 : kisa.kr\nRegistrant                  : ",
    KISA,
    "\n",
  ),
  "whois.ripn.net": bytes("domain:        PRIMER.RU\norg:           ", PRIMER, "\n"),
  "whois.jprs.jp": bytes(
    "[Domain Name]                   JPRS.JP\n[Registrant]                    ",
    JPRS,
    "\n",
  ),
  // a Latin-1 registry referring to a registrar that answers in EUC-KR
  "whois.registry.example": bytes(
    "Domain Name: MIXED.EXAMPLE\nRegistrant Organization: Soci",
    { hex: "e974e9" },
    "\nRegistrar WHOIS Server: whois.registrar.example\n",
  ),
  "whois.registrar.example": bytes("Domain Name: mixed.example\nRegistrant Name: ", KISA, "\n"),
};

describe("fetchWhoisChain decodes each hop in its server's charset", () => {
  const servers: Server[] = [];
  const asked: string[] = [];
  let port = 0;
  const opts = () => ({
    port,
    allowLoopback: true,
    timeoutMs: 2000,
    resolve: async (host: string) => [HOSTS[host] ?? "203.0.113.1"],
    table: {
      kr: { whois: ["whois.kr"], rdap: [] },
      ru: { whois: ["whois.ripn.net"], rdap: [] },
      jp: { whois: ["whois.jprs.jp"], rdap: [] },
      example: { whois: ["whois.registry.example"], rdap: [] },
    },
  });

  before(async () => {
    port = await freePort(`${net}.2`);
    for (const [host, reply] of Object.entries(REPLIES)) {
      const server = createServer((s) => {
        s.on("data", (d) => {
          asked.push(`${host} ${d.toString().trim()}`);
          s.end(reply);
        });
        s.on("error", () => undefined);
      });
      await new Promise<void>((r) => server.listen(port, HOSTS[host], r));
      servers.push(server);
    }
  });
  after(() => servers.forEach((s) => s.close()));

  it("reads KISA's EUC-KR", async () => {
    const [hop] = await fetchWhoisChain("kisa.kr", opts());
    assert.equal(hop?.error, undefined);
    assert.match(hop!.text!, /Registrant {18}: 한국인터넷진흥원\n/);
  });

  it("reads RIPN's KOI8-R", async () => {
    const [hop] = await fetchWhoisChain("primer.ru", opts());
    assert.match(hop!.text!, /^org: +ООО "Пример"$/m);
  });

  it("reads JPRS's ISO-2022-JP, although its 7-bit bytes are valid UTF-8", async () => {
    const [hop] = await fetchWhoisChain("jprs.jp", opts());
    assert.equal(hop!.query, "jprs.jp/e");
    assert.match(hop!.text!, /^\[Registrant\] +株式会社日本レジストリサービス$/m);
    assert.doesNotMatch(hop!.text!, /\x1b/);
  });

  it("decodes the registry and the registrar each in its own charset", async () => {
    const hops = await fetchWhoisChain("mixed.example", {
      ...opts(),
      charsets: { "whois.registrar.example": { charset: "euc-kr", source: "older" } },
    });
    assert.deepEqual(
      hops.map((h) => h.server),
      ["whois.registry.example", "whois.registrar.example"],
    );
    assert.match(hops[0]!.text!, /Registrant Organization: Société\n/);
    assert.match(hops[1]!.text!, /Registrant Name: 한국인터넷진흥원\n/);
  });

  it("only ever asked the loopback servers", () => {
    assert.ok(asked.length >= 5);
    for (const a of asked) assert.ok(a.split(" ")[0]! in HOSTS, a);
  });
});
