// Acceptance (issue 12): captures whose CNAME chains leave the question's zone. What
// `dnsight ingest pcap` stores equals what tshark dissects under the per-link bailiwick rule
// (restated in test/helpers/tshark-answers.ts), and every answer kdig printed is stored: the
// records owned by the question name are no longer lost to the zone the authority section
// names at the end of the chain.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";
import { startKnot } from "../helpers/knot.js";
import { A, pcapOf, response, rr, SOA, wireName } from "../helpers/pcap-handmade.js";
import { assertSameSet, kdig, storedRun, tcpdump } from "../helpers/pcap-oracle.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { answerKey, tsharkAnswerKeys } from "../helpers/tshark-answers.js";

// alpha.test delegates sub.alpha.test, which the same Knot serves. Knot 3 does not follow a
// chain into another zone: for www.alpha.test it answers AA with the chain's CNAMEs and the
// child's NS as a referral, so the authority section names sub.alpha.test, where the chain
// goes, not alpha.test, where the question is.
const ALPHA = [
  "@ 300 SOA ns.alpha.test. h.alpha.test. 1 3600 900 604800 300",
  "@ 300 NS ns",
  "ns 300 A 127.0.0.1",
  "www 300 CNAME web",
  "web 300 CNAME cdn.sub",
  "dn 300 DNAME sub.alpha.test.",
  "out 300 CNAME cdn.beta.test.",
  "sub 300 NS ns.sub",
  "ns.sub 300 A 127.0.0.1",
  "",
].join("\n");
const SUB = [
  "@ 300 SOA ns.sub.alpha.test. h.alpha.test. 1 3600 900 604800 300",
  "@ 300 NS ns",
  "ns 300 A 127.0.0.1",
  "cdn 300 A 192.0.2.80",
  "x 300 AAAA 2001:db8::80",
  "",
].join("\n");
const BETA = [
  "@ 300 SOA ns.beta.test. h.beta.test. 1 3600 900 604800 300",
  "@ 300 NS ns",
  "ns 300 A 127.0.0.1",
  "cdn 300 A 198.51.100.80",
  "",
].join("\n");

describe("pcap oracle: CNAME chains that leave the zone, captured from Knot on loopback", () => {
  it("stores what tshark dissects, and every answer kdig printed", async (t) => {
    const knot = await startKnot(
      {
        zones: [
          { origin: "alpha.test", text: ALPHA },
          { origin: "sub.alpha.test", text: SUB },
          { origin: "beta.test", text: BETA },
        ],
      },
      t,
    );
    const file = join(makeTmpDir("oracle-xzone", t).path, "xzone.pcap");
    const stop = await tcpdump(t, [knot.port], file);
    const asked = [
      ["www.alpha.test", "A"],
      ["x.dn.alpha.test", "AAAA"],
      ["out.alpha.test", "A"],
      ["cdn.sub.alpha.test", "A"],
      ["x.sub.alpha.test", "AAAA"],
      ["cdn.beta.test", "A"],
    ].flat();
    const printed = [
      ...(await kdig(knot, "+notcp", "+norec", ...asked)),
      ...(await kdig(knot, "+tcp", "+keepopen", ...asked)),
    ];
    // The last exchange in the file means every one before it is (tcpdump keeps order).
    const sentinel = Buffer.from(`end-${process.pid}-${Date.now()}`);
    await kdig(knot, "+notcp", `${sentinel.toString()}.alpha.test`, "A");
    const copies = (b: Buffer): number => {
      let n = 0;
      for (let at = b.indexOf(sentinel); at >= 0; at = b.indexOf(sentinel, at + 1)) n++;
      return n;
    };
    for (const end = Date.now() + 30_000; Date.now() < end && copies(readFileSync(file)) < 2;)
      await sleep(100);
    await stop();

    const theirs = await tsharkAnswerKeys(file, { ports: [knot.port] });
    const ours = await storedRun(t, file, { ports: [knot.port] });
    t.diagnostic(
      `stored ${ours.keys.size}, tshark ${theirs.size}, kdig printed ${new Set(printed).size} distinct`,
    );
    assertSameSet(ours.keys, theirs, "Knot cross-zone capture");
    assert.doesNotMatch(ours.stderr, /^skipped /m, "nothing is dropped from Knot's answers");
    const missing = printed.filter((k) => !ours.keys.has(k));
    assert.deepEqual(missing, [], "kdig printed answers the store lacks");
    // What old main dropped: the question's links, in alpha.test, under a referral to sub.
    for (const k of [
      answerKey("www.alpha.test", "CNAME", "web.alpha.test."),
      answerKey("web.alpha.test", "CNAME", "cdn.sub.alpha.test."),
      answerKey("dn.alpha.test", "DNAME", "sub.alpha.test."),
      answerKey("x.dn.alpha.test", "CNAME", "x.sub.alpha.test."),
    ])
      assert.ok(ours.keys.has(k), `${k} is stored`);
    // Only the child zone's own answers carry a bailiwick here: a referral's NS names the
    // zone the chain goes to, which does not hold the question's links.
    const withBailiwick = ours.rows.filter((r) => r.bailiwick !== undefined);
    assert.deepEqual(withBailiwick, []);
  });
});

describe("pcap oracle: a server that follows the chain into another zone it serves", () => {
  it("keeps the question's links and the target zone's records; drops what no zone names", async (t) => {
    const cname = (target: string): Buffer => wireName(target);
    const file = join(makeTmpDir("oracle-xzone", t).path, "follow.pcap");
    writeFileSync(
      file,
      pcapOf([
        // BIND's shape: AA, the chain into b.test, the final A, the NS of b.test.
        response(
          1,
          0x8400,
          "www.a.test",
          [rr("www.a.test", 5, cname("cdn.b.test")), rr("cdn.b.test", 1, A("192.0.2.80"))],
          [rr("b.test", 2, wireName("ns.b.test"))],
        ),
        // NXDOMAIN at the end of the chain (RFC 6604): the SOA is the target's zone.
        response(
          2,
          0x8403,
          "nx.a.test",
          [rr("nx.a.test", 5, cname("gone.b.test"))],
          [rr("b.test", 6, SOA("b.test"))],
        ),
        // A chain through b.test and on to a zone nobody named: its A record is dropped.
        response(
          3,
          0x8400,
          "w.a.test",
          [
            rr("w.a.test", 5, cname("x.b.test")),
            rr("x.b.test", 5, cname("www.bank.test")),
            rr("www.bank.test", 1, A("203.0.113.66")),
          ],
          [rr("b.test", 2, wireName("ns.b.test"))],
        ),
      ]),
    );
    const ours = await storedRun(t, file, { skipped: /^skipped 1: / });
    const theirs = await tsharkAnswerKeys(file);
    assertSameSet(ours.keys, theirs, "hand-made cross-zone capture");
    const unfiltered = await tsharkAnswerKeys(file, { poisoningRules: false });
    assert.deepEqual(
      [...unfiltered].filter((k) => !theirs.has(k)),
      [answerKey("www.bank.test", "A", "203.0.113.66")],
    );
    const bailiwicks = Object.fromEntries(ours.rows.map((r) => [r.rrname, r.bailiwick ?? ""]));
    assert.deepEqual(bailiwicks, {
      "www.a.test": "",
      "cdn.b.test": "b.test",
      "nx.a.test": "",
      "w.a.test": "",
      "x.b.test": "b.test",
    });
  });
});
