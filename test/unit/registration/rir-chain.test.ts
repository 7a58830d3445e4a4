// fetchWhoisNumberChain with a swapped-in transport: which servers are asked,
// with which query line, and where the table sends them. Nothing leaves the process.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DnsightError } from "../../../src/errors.js";
import type { WhoisQueryOptions } from "../../../src/registration/net/whois-client.js";
import {
  fetchWhoisNumberChain,
  rirReferral,
} from "../../../src/registration/whois-number-chain.js";

type Reply = (query: string) => string | Error;

function transport(replies: Record<string, Reply>) {
  const asked: { server: string; query: string; port: number | undefined }[] = [];
  const query = async (server: string, q: string, o: WhoisQueryOptions) => {
    asked.push({ server, query: q, port: o.port });
    const reply = replies[server]?.(q) ?? new DnsightError("NETWORK", `whois ${server}: refused`);
    if (reply instanceof Error) throw reply;
    return { text: reply };
  };
  return { asked, query };
}

const ARIN_TO = (rir: string, net = "193.0.0.0 - 193.255.255.255") =>
  `NetRange:       ${net}\nNetName:        RIR-BLOCK\nNetType:        Allocated to RIPE NCC\n\nOrgName:        Somebody\n\nReferralServer:  ${rir}\n`;

describe("fetchWhoisNumberChain", () => {
  it("asks ARIN with n + and follows its ReferralServer with the plain address", async () => {
    const t = transport({
      "whois.arin.net": () => ARIN_TO("whois://whois.ripe.net"),
      "whois.ripe.net": () => "inetnum: 193.0.0.0 - 193.0.7.255\n",
    });
    const hops = await fetchWhoisNumberChain("193.0.6.139", { query: t.query });
    assert.deepEqual(
      hops.map((h) => [h.server, h.query, h.port, h.text !== undefined]),
      [
        ["whois.arin.net", "n + 193.0.6.139", 43, true],
        ["whois.ripe.net", "193.0.6.139", 43, true],
      ],
    );
  });

  it("asks ARIN with a + for an AS number and the RIR with ASN", async () => {
    const t = transport({
      "whois.arin.net": () =>
        "ASNumber:       3154 - 3353\nASName:         RIPE-ASNBLOCK-3154\n\nReferralServer:  whois://whois.ripe.net:43\n",
      "whois.ripe.net": () => "aut-num: AS3333\n",
    });
    const hops = await fetchWhoisNumberChain("AS3333", { query: t.query });
    assert.deepEqual(
      t.asked.map((a) => [a.server, a.query]),
      [
        ["whois.arin.net", "a + 3333"],
        ["whois.ripe.net", "AS3333"],
      ],
    );
    assert.equal(hops.length, 2);
  });

  it("does not follow rwhois:// and stops when ARIN holds the network itself", async () => {
    const t = transport({
      "whois.arin.net": () =>
        "NetRange: 8.0.0.0 - 8.127.255.255\nReferralServer:  rwhois://rwhois.level3.net:4321\n\nNetRange: 8.8.8.0 - 8.8.8.255\nNetName: GOGL\n",
    });
    const hops = await fetchWhoisNumberChain("8.8.8.8", { query: t.query });
    assert.deepEqual(
      hops.map((h) => h.server),
      ["whois.arin.net"],
    );
  });

  it("names the RIR from NetType when there is no ReferralServer line", async () => {
    const t = transport({
      "whois.arin.net": () =>
        "NetRange:       1.0.0.0 - 1.255.255.255\nNetType:        Allocated to APNIC\n",
      "whois.apnic.net": () => "inetnum: 1.1.1.0 - 1.1.1.255\n",
    });
    const hops = await fetchWhoisNumberChain("1.1.1.1", { query: t.query });
    assert.deepEqual(
      hops.map((h) => h.server),
      ["whois.arin.net", "whois.apnic.net"],
    );
  });

  it("sends a server the table redirects to the address and port it names", async () => {
    const t = transport({
      "127.0.0.1": (q) =>
        q.startsWith("n + ") ? ARIN_TO("whois://whois.ripe.net") : "inetnum: x\n",
    });
    const table = {
      "whois.arin.net": { whois: ["127.0.0.1:4343"], rdap: [] },
      "whois.ripe.net": { whois: ["127.0.0.1:4344"], rdap: [] },
    };
    const hops = await fetchWhoisNumberChain("193.0.6.139", { query: t.query, table, port: 9 });
    assert.deepEqual(
      t.asked.map((a) => [a.server, a.query, a.port]),
      [
        ["127.0.0.1", "n + 193.0.6.139", 4343],
        ["127.0.0.1", "193.0.6.139", 4344],
      ],
    );
    assert.deepEqual(
      hops.map((h) => [h.server, h.address, h.port]),
      [
        ["whois.arin.net", "127.0.0.1", 4343],
        ["whois.ripe.net", "127.0.0.1", 4344],
      ],
    );
  });

  it("keeps ARIN's answer when the RIR fails, and never asks a server twice", async () => {
    const t = transport({
      "whois.arin.net": () => ARIN_TO("whois://whois.lacnic.net"),
      "whois.lacnic.net": () => ARIN_TO("whois://whois.arin.net"),
    });
    const loop = await fetchWhoisNumberChain("200.7.84.1", { query: t.query });
    assert.deepEqual(
      loop.map((h) => h.server),
      ["whois.arin.net", "whois.lacnic.net"],
    );
    const down = await fetchWhoisNumberChain("193.0.6.139", {
      query: transport({ "whois.arin.net": () => ARIN_TO("whois://whois.ripe.net") }).query,
    });
    assert.equal(down.length, 2);
    assert.ok(down[0]!.text);
    assert.match(down[1]!.error!, /whois whois\.ripe\.net: refused/);
  });

  it("follows at most two referrals", async () => {
    const t = transport({
      "whois.arin.net": () => ARIN_TO("whois://whois.ripe.net"),
      "whois.ripe.net": () => ARIN_TO("whois://whois.apnic.net"),
      "whois.apnic.net": () => ARIN_TO("whois://whois.afrinic.net"),
      "whois.afrinic.net": () => "inetnum: x\n",
    });
    const hops = await fetchWhoisNumberChain("193.0.6.139", { query: t.query });
    assert.deepEqual(
      hops.map((h) => h.server),
      ["whois.arin.net", "whois.ripe.net", "whois.apnic.net"],
    );
  });
});

describe("rirReferral", () => {
  it("takes the last whois:// ReferralServer (the most specific network's)", () => {
    const text =
      "NetRange: 8.0.0.0 - 8.255.255.255\nReferralServer: whois://whois.example.net\n\nNetRange: 8.8.8.0 - 8.8.8.255\nReferralServer: whois://whois.other.example:4343\n";
    assert.deepEqual(rirReferral(text), { host: "whois.other.example", port: 4343 });
  });
  it("is undefined when the referral points back, or is only rwhois", () => {
    assert.equal(
      rirReferral("ReferralServer: whois://whois.arin.net\n", "whois.arin.net"),
      undefined,
    );
    assert.equal(rirReferral("ReferralServer: rwhois://rwhois.example.net:4321\n"), undefined);
    assert.equal(rirReferral("NetType: Direct Allocation\n"), undefined);
  });
});
