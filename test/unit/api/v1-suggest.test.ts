// /api/v1/pdns/suggest: stored names that start with what was typed, for the search
// box; wildcard habits and IDNs read as the store keeps names; bad parameters 400.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Observation } from "../../../src/model/observation.js";
import { inProcessRig, T, type ApiRig } from "./_server.js";
import { HOSTILE, INTEL_ROWS } from "./_intel.js";

const row = (rrname: string): Observation => ({
  rrname,
  rrtype: "A",
  rdata: "192.0.2.1",
  timeFirst: T,
  timeLast: T,
  count: 1,
  source: "passive",
});

describe("/api/v1/pdns/suggest", () => {
  let rig: ApiRig;
  before(async () => {
    rig = await inProcessRig({}, [
      ...INTEL_ROWS,
      row("xn--fa-hia.de"),
      row("www.xn--fa-hia.de"),
      // A stored name may hold any byte (written escaped): it comes back as JSON text.
      row("<img\\032src=x\\032onerror=alert(1)>.example"),
      ...Array.from({ length: 15 }, (_, i) => row(`w${String(i).padStart(2, "0")}.example`)),
    ]);
  });
  after(() => rig.close());

  const names = async (q: string): Promise<string[]> => {
    const res = await rig.get(`/api/v1/pdns/suggest?${q}`);
    assert.equal(res.status, 200, q);
    assert.equal(res.headers.get("content-type"), "application/json");
    return ((await res.json()) as { names: string[] }).names;
  };

  it("gives up to 10 names starting with the text, distinct, in byte order", async () => {
    assert.deepEqual(await names("q=www.ex"), ["www.example.com"]);
    assert.deepEqual(await names("q=WWW.Example.C"), ["www.example.com"]);
    assert.deepEqual(await names("q=*.other"), ["other.org"]);
    const w = await names("q=w");
    assert.equal(w.length, 10);
    assert.deepEqual(w.slice(0, 2), ["w00.example", "w01.example"]);
    assert.deepEqual(await names("q=w1&limit=3"), ["w10.example", "w11.example", "w12.example"]);
    assert.deepEqual(await names("q=nothing"), []);
  });

  it("reads a Unicode name as its A-label", async () => {
    assert.deepEqual(await names(`q=${encodeURIComponent("faß.")}`), ["xn--fa-hia.de"]);
    assert.deepEqual(await names(`q=${encodeURIComponent("www.faß.d")}`), ["www.xn--fa-hia.de"]);
  });

  it("gives hostile names back as plain JSON text", async () => {
    const res = await rig.get(`/api/v1/pdns/suggest?q=${encodeURIComponent("<img")}`);
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.deepEqual(await res.json(), { names: ["<img\\032src=x\\032onerror=alert(1)>.example"] });
    assert.deepEqual(await names(`q=${encodeURIComponent(HOSTILE)}`), []);
  });

  it("400s a missing, empty, too long or unknown parameter, naming it", async () => {
    for (const [q, name] of [
      ["", "q"],
      ["q=", "q"],
      [`q=${"a".repeat(254)}`, "q"],
      ["q=a&limit=11", "limit"],
      ["q=a&type=A", "type"],
    ] as const) {
      const res = await rig.get(`/api/v1/pdns/suggest?${q}`);
      assert.equal(res.status, 400, q);
      const p = (await res.json()) as { errors: Array<{ name: string }> };
      assert.ok(
        p.errors.some((e) => e.name === name),
        q,
      );
    }
  });
});
