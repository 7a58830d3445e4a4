// The DNS side of `monitor` against real name servers, no DNS mocked: Knots on port 53
// at their own 127.x addresses serve a parent zone (test.) that delegates a watched
// zone and a steady one. Between two passes the watched zone moves to other servers
// with a new SOA primary, its apex to an address in another country and network, and
// an alias is left pointing at a name that does not exist; passive DNS brings a
// subdomain abroad. The second pass raises exactly those alerts; the steady zone
// none; a third pass with nothing changed raises nothing new.
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { createServer } from "node:http";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadFingerprints } from "../../src/detect/takeover-fingerprints.js";
import { endpointOf } from "../../src/dns/client/endpoint.js";
import { StubClient } from "../../src/dns/client/stub.js";
import type { IpFacts } from "../../src/model/ip-facts.js";
import { monitorPass, type MonitorDeps, type PassReport } from "../../src/monitor/pass.js";
import { parseAllowPrivate } from "../../src/net/allow-list.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import type { Store } from "../../src/store/types.js";
import { startKnot, type KnotServer } from "../helpers/knot.js";
import { makeTmpDir } from "../helpers/tmp.js";

const net = `127.${randomInt(20, 250)}.${randomInt(1, 250)}`;
const addr = (i: number) => `${net}.${i}` as `127.${number}.${number}.${number}`;

// Addresses stand for networks in two countries: what an IP → ASN/country table says.
const FACTS: Record<string, IpFacts> = {
  "198.51.100.7": { asn: 64500, asnOrg: "HOME-NET", country: "DE" },
  "198.51.100.8": { asn: 64500, asnOrg: "HOME-NET", country: "DE" },
  "203.0.113.66": { asn: 64666, asnOrg: "FAR-AWAY", country: "RU" },
  "192.0.2.99": { asn: 64777, asnOrg: "ELSEWHERE", country: "BR" },
};
const ipLookup = (ip: string): IpFacts | undefined => FACTS[ip];

const parent = (watchedNs: string[]): string =>
  [
    "@ 1 SOA ns hostmaster 1 3600 900 604800 1",
    "@ 1 NS ns",
    `ns 1 A ${addr(1)}`,
    ...watchedNs.map((n) => `watched 1 NS ${n}`),
    `ns1.watched 1 A ${addr(2)}`,
    `ns2.watched 1 A ${addr(3)}`,
    "steady 1 NS ns1.steady",
    `ns1.steady 1 A ${addr(4)}`,
    `ns1.evil-dns 1 A ${addr(5)}`,
    `ns2.evil-dns 1 A ${addr(6)}`,
  ].join("\n") + "\n";

const watchedV1 =
  [
    "@ 1 SOA ns1 hostmaster 1 3600 900 604800 1",
    "@ 1 NS ns1",
    "@ 1 NS ns2",
    `ns1 1 A ${addr(2)}`,
    `ns2 1 A ${addr(3)}`,
    "@ 1 A 198.51.100.7",
    "www 1 A 198.51.100.8",
    "shop 1 A 198.51.100.8",
  ].join("\n") + "\n";

const watchedV2 =
  [
    "@ 1 SOA ns1.evil-dns.test. hostmaster 2 3600 900 604800 1",
    "@ 1 NS ns1.evil-dns.test.",
    "@ 1 NS ns2.evil-dns.test.",
    "@ 1 A 203.0.113.66",
    "www 1 A 198.51.100.8",
    "shop 1 CNAME gone.nowhere.test.",
  ].join("\n") + "\n";

const steady =
  [
    "@ 1 SOA ns1 hostmaster 1 3600 900 604800 1",
    "@ 1 NS ns1",
    `ns1 1 A ${addr(4)}`,
    "@ 1 A 198.51.100.7",
  ].join("\n") + "\n";

describe("monitor: DNS changes between passes, against Knot", () => {
  const servers: KnotServer[] = [];
  let parentServer: KnotServer;
  const tmp = makeTmpDir("monitor-dns");
  let store: Store;
  let clock = Date.parse("2026-11-20T10:00:00Z");
  const client = (address: string, recurse: boolean): StubClient =>
    new StubClient({ servers: [endpointOf(address, 53)], recurse, timeoutMs: 400, retries: 1 });
  const pass = (): Promise<PassReport> => {
    clock += 3600_000;
    return monitorPass({
      store,
      resolver: client(addr(1), false),
      direct: (a) => client(a, false),
      fingerprints: loadFingerprints(),
      ipLookup,
      now: () => new Date(clock),
    });
  };

  before(async () => {
    const start = (i: number, origin: string, text: string) =>
      startKnot({ zones: [{ origin, text }], address: addr(i), port: 53 }).then((s) => {
        servers.push(s);
        if (i === 1) parentServer = s;
      });
    await Promise.all([
      start(1, "test", parent(["ns1.watched", "ns2.watched"])),
      start(2, "watched.test", watchedV1),
      start(3, "watched.test", watchedV1),
      start(4, "steady.test", steady),
      start(5, "watched.test", watchedV2),
      start(6, "watched.test", watchedV2),
    ]);
    store = await openSqliteStore(join(tmp.path, "monitor.db"));
    await store.watches!.addWatches(["watched.test", "steady.test"], "owned", 1);
    // What sensors saw of the watched zone before monitoring began: its subdomains.
    const seen = (rrname: string, rdata: string) => ({
      rrname,
      rrtype: "A",
      rdata,
      timeFirst: 1_760_000_000,
      timeLast: 1_760_000_000,
      count: 5,
      source: "passive" as const,
    });
    await store.writeObservations([
      seen("www.watched.test", "198.51.100.8"),
      seen("shop.watched.test", "198.51.100.8"),
    ]);
  });
  after(async () => {
    await store?.close();
    await Promise.all(servers.map((s) => s.stop()));
    tmp.remove();
  });

  it("raises the expected alerts after the change, none for the steady zone, nothing new after", async () => {
    const first = await pass();
    assert.deepEqual(first.failures, []);
    assert.equal(first.checks, 2);
    assert.deepEqual(first.raised, [], "a first look is the baseline");
    const apexBefore = await store.queryObservations({ rrname: "watched.test", rrtype: "A" });
    assert.deepEqual(
      apexBefore.map((o) => `${o.rdata} ${o.source}`),
      ["198.51.100.7 active"],
    );

    // The registrar points the delegation elsewhere; the zone there differs.
    await parentServer.setZone("test", parent(["ns1.evil-dns", "ns2.evil-dns"]));
    // Sensors saw a subdomain of the watched zone resolve abroad.
    await store.writeObservations([
      {
        rrname: "cdn.watched.test",
        rrtype: "A",
        rdata: "192.0.2.99",
        timeFirst: 1_763_000_000,
        timeLast: 1_763_000_000,
        count: 3,
        source: "passive",
      },
    ]);

    const second = await pass();
    assert.deepEqual(second.failures, []);
    const got = second.raised
      .map((a) => `${a.rule} ${a.techniques.join()} ${a.entity} ${a.key}`)
      .sort();
    assert.deepEqual(got, [
      "dns.dangling-cname T1584.001 shop.watched.test gone.nowhere.test",
      "dns.new-address T1584.001 watched.test 203.0.113.66",
      "dns.ns-changed T1584.002 watched.test ns1.evil-dns.test,ns2.evil-dns.test",
      "dns.soa-primary-changed T1584.002 watched.test ns1.evil-dns.test",
      "dns.subdomain-elsewhere T1584.001 cdn.watched.test BR/64777",
    ]);
    const byRule = new Map(second.raised.map((a) => [a.rule, a]));
    assert.deepEqual(byRule.get("dns.ns-changed")!.analytics, ["AN2023"]);
    assert.deepEqual(byRule.get("dns.ns-changed")!.dataComponents, ["DC0103"]);
    assert.deepEqual(byRule.get("dns.new-address")!.analytics, ["AN1995"]);
    assert.equal(byRule.get("dns.new-address")!.severity, "high");
    assert.match(
      byRule.get("dns.new-address")!.summary,
      /203\.0\.113\.66 \(AS64666 FAR-AWAY, RU\), a network and a country it never used before/,
    );
    assert.deepEqual(byRule.get("dns.subdomain-elsewhere")!.dataComponents, ["DC0096", "DC0103"]);
    assert.deepEqual(byRule.get("dns.ns-changed")!.evidence[0]!.before, [
      "ns1.watched.test",
      "ns2.watched.test",
    ]);
    const steadyAlerts = await store.alerts!.listAlerts({ entity: "steady.test" });
    assert.deepEqual(steadyAlerts, []);

    const third = await pass();
    assert.deepEqual(third.failures, []);
    assert.deepEqual(third.raised, [], "nothing changed: nothing new");
    // What is still true is seen again: the dangling alias, the subdomain abroad.
    assert.equal(third.seenAgain, 2);
    const dangling = (await store.alerts!.listAlerts({ entity: "shop.watched.test" }))[0]!;
    assert.equal(dangling.count, 2);
    assert.equal((await store.alerts!.listAlerts()).length, 5);
  });

  it("with --http, finds a service's unclaimed page behind an alias that still resolves", async () => {
    // blog.watched.test → watchedco.pages.test, which resolves to a web server showing
    // the service's "nothing here" page (a fingerprint of the test's own).
    const asked: (string | undefined)[] = [];
    const page = createServer((req, res) => {
      asked.push(req.headers.host);
      res.writeHead(404).end("<h1>There isn't a Pages site here.</h1>");
    });
    await new Promise<void>((r) => page.listen(80, addr(7), r));
    try {
      await parentServer.setZone(
        "test",
        parent(["ns1.evil-dns", "ns2.evil-dns"]) + `watchedco.pages 1 A ${addr(7)}\n`,
      );
      for (const s of servers.filter((x) => x.host === addr(5) || x.host === addr(6)))
        await s.setZone("watched.test", watchedV2 + "blog 1 CNAME watchedco.pages.test.\n");
      await store.writeObservations([
        {
          rrname: "blog.watched.test",
          rrtype: "A",
          rdata: "198.51.100.8",
          timeFirst: 1_760_000_000,
          timeLast: 1_760_000_000,
          count: 1,
          source: "passive",
        },
      ]);
      const fingerprints = [
        {
          service: "Test Pages",
          cname: ["pages.test"],
          nxdomain: false,
          fingerprint: "There isn't a Pages site here.",
          vulnerable: true,
          status: "Vulnerable",
        },
      ];
      clock += 3600_000;
      const run = (http: MonitorDeps["http"]) =>
        monitorPass({
          store,
          resolver: client(addr(1), false),
          direct: (a) => client(a, false),
          fingerprints,
          http,
          now: () => new Date(clock),
        });
      const without = await run(false);
      assert.equal(
        without.raised.some((a) => a.rule === "dns.takeover-fingerprint"),
        false,
        "no HTTP without --http",
      );
      // The alias leads to a loopback address: refused unless --allow-private names it.
      const guarded = await run(true);
      assert.equal(
        guarded.raised.some((a) => a.rule === "dns.takeover-fingerprint"),
        false,
        "a loopback target is not probed by default",
      );
      assert.deepEqual(asked, [], "nothing was sent to it");
      const r = await run(parseAllowPrivate([addr(7)]));
      assert.deepEqual(asked, ["blog.watched.test"], "asked by the watched name");
      const hit = r.raised.find((a) => a.rule === "dns.takeover-fingerprint");
      assert.ok(hit, JSON.stringify(r.raised.map((a) => a.rule)));
      assert.equal(hit.entity, "blog.watched.test");
      assert.equal(hit.severity, "critical");
      assert.deepEqual(hit.techniques, ["T1584.001"]);
    } finally {
      page.close();
    }
  });

  it("finds a delegation to a name server whose name does not exist", async () => {
    await parentServer.setZone(
      "test",
      parent(["ns1.evil-dns", "ns2.evil-dns"]) +
        `dangle 1 NS ns1.steady\ndangle 1 NS ns.nowhere-dns\n`,
    );
    await store.watches!.addWatches(["dangle.test"], "owned", 1);
    try {
      clock += 3600_000;
      const r = await monitorPass({
        store,
        resolver: client(addr(1), false),
        direct: (a) => client(a, false),
        fingerprints: loadFingerprints(),
        now: () => new Date(clock),
      });
      const got = r.raised
        .filter((a) => a.entity === "dangle.test")
        .map((a) => `${a.rule} ${a.key} ${a.severity}`)
        .sort();
      assert.ok(got.includes("dns.dangling-ns ns.nowhere-dns.test critical"), got.join("; "));
      assert.ok(
        got.includes("dns.lame-delegation ns1.steady.test@" + addr(4) + " medium"),
        got.join("; "),
      );
    } finally {
      await store.watches!.removeWatches(["dangle.test"]);
    }
  });

  it("reports a check that fails (the resolver is down) and goes on with the next name", async () => {
    clock += 3600_000;
    const r = await monitorPass({
      store,
      resolver: client(addr(9), false), // nothing listens there
      direct: (a) => client(a, false),
      fingerprints: loadFingerprints(),
      now: () => new Date(clock),
    });
    assert.equal(r.checks, 2);
    assert.deepEqual(
      r.failures.map((f) => f.replace(/: dns: .*/, "")),
      ["steady.test", "watched.test"],
    );
    assert.match(r.failures[0]!, /cannot find the zone of steady\.test/);
    assert.deepEqual(r.raised, []);
  });
});
