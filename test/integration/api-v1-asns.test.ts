// /api/v1/asns/{asn} over a socket on 127.0.0.1, on a real SQLite store read in small
// pages: names on addresses inside the AS and not outside it, the cap on prefixes
// searched (a name in Cloudflare's 301st prefix is not looked for, one in its first
// is), and the cap on stored rows read (5000, then `truncated`).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Observation } from "../../src/model/observation.js";
import { ipNumberText, parsePrefix } from "../../src/net/ip-number.js";
import { startRig, T, type SocketRig } from "../unit/api/_server.js";

const o = (rrname: string, rrtype: string, rdata: string, over: Partial<Observation> = {}) =>
  ({
    rrname,
    rrtype,
    rdata,
    timeFirst: T,
    timeLast: T,
    count: 1,
    source: "passive",
    ...over,
  }) as Observation;

interface AsnBody {
  asn: number;
  prefixes: { cidrs: string[]; count: number; truncated: boolean; searched: number };
  names: Array<{ name: string; type: string; ip: string; count: number }>;
  truncated: boolean;
}

/** The second address of a prefix (the first may be a network address nobody uses). */
const inside = (cidr: string): string => {
  const p = parsePrefix(cidr)!;
  return ipNumberText(p.version, p.network + 1n);
};

describe("/api/v1/asns/{asn} on 127.0.0.1", () => {
  let rig: SocketRig;
  const get = async (path: string): Promise<AsnBody> => {
    const res = await rig.get(`/api/v1${path}`);
    assert.equal(res.status, 200, path);
    return (await res.json()) as AsnBody;
  };

  before(async () => {
    rig = await startRig({ pageSize: 7 }, [
      o("dns.google", "A", "8.8.8.8", { timeLast: T + 50 }),
      o("dns.google", "AAAA", "2001:4860:4860::8844", { timeLast: T + 40 }),
      o("elsewhere.example", "A", "192.0.2.1", { timeLast: T + 90 }),
      o("one.one.one.one", "A", "1.1.1.1", { timeLast: T + 60 }),
      // 8.8.8.8 written as text in a TXT record: not an address row.
      o("txt.example", "TXT", '"8.8.8.8"', { timeLast: T + 70 }),
    ]);
  });
  after(() => rig.close());

  it("lists names on the AS's addresses, read over many small pages, none from outside", async () => {
    const many = Array.from({ length: 20 }, (_, i) =>
      o(`h${String(i).padStart(2, "0")}.google.example`, "A", `8.8.4.${i + 1}`),
    );
    await rig.store.writeObservations(many);
    const body = await get("/asns/AS15169?limit=1000");
    const ips = new Set(body.names.map((n) => n.ip));
    assert.equal(body.names.length, 22);
    assert.ok(ips.has("8.8.8.8") && ips.has("2001:4860:4860::8844") && ips.has("8.8.4.20"));
    for (const ip of ["192.0.2.1", "1.1.1.1"]) assert.ok(!ips.has(ip), ip);
    assert.ok(!body.names.some((n) => n.name === "txt.example"));
    assert.equal(body.truncated, false);
  });

  it("searches the first 256 prefixes of a busy AS and says so", async () => {
    const was = await get("/asns/13335");
    assert.ok(was.prefixes.count > 300, `${was.prefixes.count} prefixes`);
    assert.equal(was.prefixes.searched, 256);
    const first = inside(was.prefixes.cidrs[0]!);
    const later = inside(was.prefixes.cidrs[300]!);
    // The forward table agrees both are Cloudflare's.
    for (const ip of [first, later]) {
      const facts = (await (await rig.get(`/api/v1/ips/${ip}`)).json()) as {
        asn: { number: number };
      };
      assert.equal(facts.asn.number, 13335, ip);
    }
    await rig.store.writeObservations([
      o("first.cf.example", "A", first, { timeLast: T + 1 }),
      o("later.cf.example", "A", later, { timeLast: T + 2 }),
    ]);
    const now = await get("/asns/13335");
    const names = now.names.map((n) => n.name);
    assert.ok(names.includes("first.cf.example"), names.join(" "));
    assert.ok(!names.includes("later.cf.example"), names.join(" "));
  });

  it("reads 5000 stored rows at most, then says truncated", async () => {
    // RIPE NCC's 193.0.6.139 seen by 5100 sensors: one name, 5100 stored rows.
    const ip = "193.0.6.139";
    await rig.store.writeObservations(
      Array.from({ length: 5100 }, (_, i) => o("www.ripe.example", "A", ip, { sensorId: `s${i}` })),
    );
    const body = await get("/asns/3333");
    const row = body.names.find((n) => n.ip === ip);
    assert.equal(row?.count, 5000);
    assert.equal(body.truncated, true);
  });
});
