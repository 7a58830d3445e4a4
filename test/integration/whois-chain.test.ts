// The WHOIS chain against TCP servers on loopback replaying fixture responses:
// registry -> registrar referral, a registrar that fails, IANA's refer: for a TLD
// missing from the table, and a referral into a private network that is refused.
// Every server name is mapped to its own 127.x address on one shared port.
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { fetchWhoisChain } from "../../src/registration/whois-chain.js";
import { freePort } from "../helpers/ports.js";

const fixture = (path: string): string =>
  readFileSync(
    fileURLToPath(new URL(`../../../shared/fixtures/whois/${path}`, import.meta.url)),
    "latin1",
  );

const net = `127.${randomInt(20, 250)}.${randomInt(1, 250)}`;
const HOSTS: Record<string, string> = {
  "whois.verisign-grs.com": `${net}.2`,
  "whois.markmonitor.com": `${net}.3`,
  "whois.iana.org": `${net}.4`,
  "whois.nic.live": `${net}.5`,
  "whois.gandi.net": `${net}.6`, // nothing listens: the registrar is down
  "whois.evil.example": "192.168.77.7", // a referral into a private network
};

describe("fetchWhoisChain", () => {
  const servers: Server[] = [];
  const asked: string[] = [];
  let port = 0;
  const replies: Record<string, (q: string) => string> = {
    "whois.verisign-grs.com": (q) =>
      q === "domain google.com"
        ? fixture("likexian/noterror/com_google.com")
        : q === "domain gandi.net" || q === "domain evil.com"
          ? `Domain Name: ${q.slice(7).toUpperCase()}\r\nRegistrar WHOIS Server: ${q.includes("evil") ? "whois.evil.example" : "whois.gandi.net"}\r\n`
          : "No match for domain\r\n",
    "whois.markmonitor.com": () => fixture("likexian/noterror/com_google.com"),
    "whois.iana.org": () => fixture("python-whois/whois/nic.live"),
    "whois.nic.live": () => "Domain Name: nic.live\r\nRegistrar: Identity Digital\r\n",
  };
  const opts = () => ({
    port,
    allowLoopback: true,
    timeoutMs: 2000,
    resolve: async (host: string) => [HOSTS[host] ?? "203.0.113.1"],
    table: {
      com: { whois: ["whois.verisign-grs.com"], rdap: [] },
      net: { whois: ["whois.verisign-grs.com"], rdap: [] },
    },
  });

  before(async () => {
    port = await freePort(`${net}.2`);
    for (const [host, reply] of Object.entries(replies)) {
      const server = createServer((s) => {
        s.on("data", (d) => {
          const q = d.toString().trim();
          asked.push(`${host} ${q}`);
          s.end(reply(q));
        });
        s.on("error", () => undefined);
      });
      await new Promise<void>((r) => server.listen(port, HOSTS[host], r));
      servers.push(server);
    }
  });
  after(() => servers.forEach((s) => s.close()));

  it("follows the registry's referral to the registrar", async () => {
    const hops = await fetchWhoisChain("google.com", opts());
    assert.deepEqual(
      hops.map((h) => [h.server, h.query, h.error]),
      [
        ["whois.verisign-grs.com", "domain google.com", undefined],
        ["whois.markmonitor.com", "google.com", undefined],
      ],
    );
    assert.match(hops[1]!.text!, /Registrar IANA ID: 292/);
  });

  it("keeps the registry's answer when the registrar does not answer", async () => {
    const hops = await fetchWhoisChain("gandi.net", opts());
    assert.equal(hops.length, 2);
    assert.match(hops[0]!.text!, /Domain Name: GANDI\.NET/);
    assert.equal(hops[1]!.server, "whois.gandi.net");
    assert.match(hops[1]!.error!, /whois whois\.gandi\.net: connect ECONNREFUSED/);
  });

  it("asks IANA for a TLD missing from the table and follows refer:", async () => {
    const hops = await fetchWhoisChain("nic.live", opts());
    assert.deepEqual(
      hops.map((h) => [h.server, h.query]),
      [
        ["whois.iana.org", "nic.live"],
        ["whois.nic.live", "nic.live"],
      ],
    );
    assert.match(hops[1]!.text!, /Identity Digital/);
  });

  it("refuses a referral into a private network and sends it nothing", async () => {
    const hops = await fetchWhoisChain("evil.com", opts());
    assert.equal(hops[1]!.server, "whois.evil.example");
    assert.match(
      hops[1]!.error!,
      /refusing whois\.evil\.example: it resolves to 192\.168\.77\.7, private \(192\.168\.0\.0\/16\)/,
    );
    assert.equal(hops[1]!.text, undefined);
  });
});
