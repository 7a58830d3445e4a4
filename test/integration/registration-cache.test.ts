// The registration cache end to end: `dnsight registration` against an RDAP and a
// WHOIS server on loopback that count what they are asked, so a cache hit is seen
// to send nothing. Every run passes the test's own bootstrap and server table,
// naming the servers localhost as users name theirs: nothing leaves this machine.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { RegistrationStatus } from "../../src/model/registration.js";
import { emptyRecord } from "../../src/registration/record.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import { cli } from "../helpers/cli.js";
import { listenLocalhost, type LocalhostServer } from "../helpers/localhost-server.js";
import { makeTmpDir } from "../helpers/tmp.js";

const fixture = (p: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../shared/fixtures/${p}`, import.meta.url)), "utf8");

const H = 3600;
const CACHED =
  /^\(cached, fetched \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, \d+[smhd] ago; --refresh to fetch again\)$/m;

interface Rec {
  domain: string;
  status: string;
  source: { protocol: string; fetchedAt: string };
}

describe("dnsight registration cache", () => {
  const tmp = makeTmpDir("regcache");
  const db = join(tmp.path, "reg.db");
  const rdapHits = new Map<string, number>();
  let whoisHits = 0;
  let http: LocalhostServer;
  let whois: LocalhostServer;
  const args = (): string[] => [
    "--bootstrap",
    join(tmp.path, "bootstrap"),
    "--servers",
    join(tmp.path, "servers.json"),
    "--allow-private",
    "loopback",
    "--db",
    db,
    "--timeout",
    "3000",
  ];
  const rdapCount = (name: string): number => rdapHits.get(`/domain/${name}`) ?? 0;
  const reg = (name: string, ...more: string[]) =>
    cli(["registration", name, "--json", ...more, ...args()]);
  const snapshots = async (key: string) => {
    const store = await openSqliteStore(db);
    try {
      return await store.registrations!.listSnapshots(key);
    } finally {
      await store.close();
    }
  };
  /** Writes a snapshot as if fetched `age` seconds ago. */
  const seed = async (key: string, age: number, status: RegistrationStatus): Promise<void> => {
    const fetchedAt = Math.floor(Date.now() / 1000) - age;
    const record = emptyRecord(key, {
      protocol: "rdap",
      server: "rdap.seeded.example",
      fetchedAt: new Date(fetchedAt * 1000).toISOString().replace(/\.000Z$/, "Z"),
      referrals: [],
    });
    record.status = status;
    const store = await openSqliteStore(db);
    try {
      await store.registrations!.writeSnapshots([{ key, fetchedAt, record, raw: "seeded" }]);
    } finally {
      await store.close();
    }
  };

  before(async () => {
    const registry = JSON.parse(
      fixture("rdap/meeb-whoisit/data_rdap_response_domain1.json"),
    ) as Record<string, unknown>;
    http = await listenLocalhost(() =>
      createHttpServer((req, res) => {
        const url = req.url ?? "";
        rdapHits.set(url, (rdapHits.get(url) ?? 0) + 1);
        const name = /^\/domain\/([a-z0-9-]+\.test)$/.exec(url)?.[1];
        if (name === "busy.test") return void res.writeHead(429, { "retry-after": "1" }).end();
        if (name === undefined || name.startsWith("free")) return void res.writeHead(404).end();
        // A full registry answer (so auto mode does not also ask WHOIS), renamed.
        res
          .writeHead(200, { "content-type": "application/rdap+json" })
          .end(JSON.stringify({ ...registry, ldhName: name.toUpperCase(), links: [] }));
      }),
    );
    const base = http.base;
    whois = await listenLocalhost(() =>
      createServer((s) =>
        s.on("data", () => {
          whoisHits++;
          s.end(fixture("whois/likexian/noterror/de_git.de"));
        }),
      ),
    );
    const whoisPort = whois.port;
    const dir = join(tmp.path, "bootstrap");
    mkdirSync(dir);
    const file = (services: [string[], string[]][]) =>
      JSON.stringify({ version: "1.0", publication: "2026-01-01T00:00:00Z", services });
    writeFileSync(join(dir, "dns.json"), file([[["test"], [`${base}/`]]]));
    writeFileSync(join(dir, "ipv4.json"), file([]));
    writeFileSync(join(dir, "ipv6.json"), file([]));
    writeFileSync(join(dir, "asn.json"), file([]));
    const local = { whois: [`localhost:${whoisPort}`], rdap: [] };
    writeFileSync(join(tmp.path, "servers.json"), JSON.stringify({ test: local }));
  });
  after(() => {
    http.close();
    whois.close();
    tmp.remove();
  });

  it("answers a second lookup within the age limit from the store, sending nothing", async () => {
    const first = await reg("cached.test");
    assert.equal(first.status, 0, first.stderr);
    assert.doesNotMatch(first.stderr, CACHED);
    assert.equal(rdapCount("cached.test"), 1);
    const second = await reg("cached.test");
    assert.equal(second.status, 0, second.stderr);
    assert.equal(rdapCount("cached.test"), 1, "a cache hit sends no request");
    assert.match(second.stderr, CACHED);
    // --json prints the stored record unchanged: source.fetchedAt is the first fetch's.
    assert.deepEqual(JSON.parse(second.stdout), JSON.parse(first.stdout));
    const text = await cli(["registration", "cached.test", ...args()]);
    assert.match(text.stdout, /^registrar\s+MarkMonitor Inc\., IANA 292$/m);
    assert.match(text.stderr, CACHED);
    assert.equal(rdapCount("cached.test"), 1);
    assert.equal((await snapshots("cached.test")).length, 1, "a cache hit is not a snapshot");
  });

  it("fetches again with --refresh or --max-age 0, keeping each fetch", async () => {
    await reg("again.test");
    const refreshed = await reg("again.test", "--refresh");
    assert.equal(refreshed.status, 0, refreshed.stderr);
    assert.doesNotMatch(refreshed.stderr, CACHED);
    assert.equal(rdapCount("again.test"), 2);
    const zero = await reg("again.test", "--max-age", "0");
    assert.equal(zero.status, 0, zero.stderr);
    assert.equal(rdapCount("again.test"), 3);
    assert.equal((await snapshots("again.test")).length, 3);
    await reg("again.test");
    assert.equal(rdapCount("again.test"), 3);
  });

  it("fetches again once a snapshot is older than its status allows", async () => {
    await seed("stale.test", 25 * H, "registered");
    const stretched = await reg("stale.test", "--max-age", "2d");
    assert.match(stretched.stderr, /\(cached, fetched .*, 25h ago;/);
    assert.equal((JSON.parse(stretched.stdout) as Rec).source.fetchedAt.length, 20);
    assert.equal(rdapCount("stale.test"), 0);
    const fresh = await reg("stale.test");
    assert.equal(fresh.status, 0, fresh.stderr);
    assert.equal(rdapCount("stale.test"), 1, "24h is the limit for a registered name");

    // A negative answer ages faster: 2 hours is too old for "available" by default.
    await seed("free-old.test", 2 * H, "available");
    await seed("reg-recent.test", 2 * H, "registered");
    await reg("reg-recent.test");
    assert.equal(rdapCount("reg-recent.test"), 0);
    const again = await reg("free-old.test");
    assert.equal((JSON.parse(again.stdout) as Rec).status, "available");
    assert.equal(rdapCount("free-old.test"), 1);
    await reg("free-old.test");
    assert.equal(rdapCount("free-old.test"), 1, "the fresh negative answer is reused");
    await reg("free-old.test", "--max-age", "30s");
    assert.equal(rdapCount("free-old.test"), 1);
  });

  it("reuses a snapshot only for its own protocol, or for auto", async () => {
    const w = await reg("proto.test", "--protocol", "whois");
    assert.equal(w.status, 0, w.stderr);
    assert.equal(whoisHits, 1);
    const r = await reg("proto.test", "--protocol", "rdap");
    assert.doesNotMatch(r.stderr, CACHED);
    assert.equal(rdapCount("proto.test"), 1, "a WHOIS snapshot does not answer an RDAP request");
    const auto = await reg("proto.test");
    assert.match(auto.stderr, CACHED);
    assert.equal((JSON.parse(auto.stdout) as Rec).source.protocol, "rdap", "the newest");
    const w2 = await reg("proto.test", "--protocol", "whois");
    assert.match(w2.stderr, CACHED);
    assert.equal((JSON.parse(w2.stdout) as Rec).source.protocol, "whois");
    assert.equal(whoisHits, 1);
    assert.equal(rdapCount("proto.test"), 1);
  });

  it("never reuses a throttled answer", async () => {
    const a = await reg("busy.test");
    const b = await reg("busy.test");
    assert.equal(a.status, 1);
    assert.equal(b.status, 1);
    assert.doesNotMatch(b.stderr, CACHED);
    assert.equal(rdapCount("busy.test"), 2);
    assert.deepEqual(
      (await snapshots("busy.test")).map((s) => s.record.status),
      ["throttled", "throttled"],
    );
  });

  it("leaves the store alone with --no-store: no cached answer, no snapshot, no file", async () => {
    const before = rdapCount("cached.test");
    const r = await reg("cached.test", "--no-store");
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, CACHED);
    assert.equal(rdapCount("cached.test"), before + 1);
    assert.equal((await snapshots("cached.test")).length, 1);
    const elsewhere = join(tmp.path, "never.db");
    const args2 = args();
    args2[args2.indexOf(db)] = elsewhere;
    await cli(["registration", "nostore.test", "--no-store", ...args2]);
    assert.equal(existsSync(elsewhere), false);
  });

  it("refuses a bad --max-age before asking anything", async () => {
    const r = await reg("cached.test", "--max-age", "6");
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--max-age wants a duration like 30m, 6h or 2d, got "6"/);
  });
});
