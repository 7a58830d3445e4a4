// /api/v1/registration/{name}: the stored snapshots of a domain, an IP address or an
// AS number (keyed as `dnsight registration` keys them), the latest, the list newest
// first and the field changes between consecutive ones (registration/diff.ts); a
// hostile WHOIS field comes back as plain JSON text; nothing stored is a 404.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { diffRecords } from "../../../src/registration/diff.js";
import { inProcessRig, T, type ApiRig } from "./_server.js";
import { HOSTILE, INTEL_ROWS, record, SNAPSHOTS } from "./_intel.js";
import { answerChecker, fetchDoc, operations, type Doc } from "./_v1.js";

describe("/api/v1/registration", () => {
  let rig: ApiRig;
  let doc: Doc;
  let check: ReturnType<typeof answerChecker>;
  const get = async (path: string, status = 200): Promise<unknown> => {
    const res = await rig.get(`/api/v1${path}`);
    assert.equal(res.status, status, path);
    const body: unknown = await res.json();
    const template = path.split("?")[0]!.replace(/^\/registration\/[^/]+/, "/registration/{name}");
    const op = operations(doc).find((o) => o.path === template)!;
    check(op, status, res.headers.get("content-type")!, body);
    return body;
  };

  before(async () => {
    rig = await inProcessRig({}, INTEL_ROWS);
    const throttled = record({ status: "throttled", registrar: {}, eppStatus: [] });
    await rig.store.registrations!.writeSnapshots([
      ...SNAPSHOTS,
      // A throttled answer after the last real one: not "the latest", not in a diff.
      { key: "example.com", fetchedAt: T + 3 * 86_400, record: throttled, raw: "" },
      {
        key: "192.0.2.1",
        fetchedAt: T,
        record: record({ domain: "192.0.2.0 - 192.0.2.255" }),
        raw: "",
      },
    ]);
    doc = await fetchDoc(rig);
    check = answerChecker(doc);
  });
  after(() => rig.close());

  it("gives the latest real snapshot, hostile WHOIS text as it was stored", async () => {
    const latest = (await get("/registration/EXAMPLE.com")) as {
      key: string;
      fetchedAt: number;
      source: string;
      record: { registrar: { name: string } };
    };
    assert.equal(latest.key, "example.com");
    assert.equal(latest.fetchedAt, T + 2 * 86_400);
    assert.equal(latest.source, "whois");
    assert.equal(latest.record.registrar.name, HOSTILE);
    assert.deepEqual(latest.record, SNAPSHOTS[2]!.record);
  });

  it("keys IP addresses and AS numbers as the CLI does", async () => {
    const as = (await get("/registration/AS64500")) as {
      key: string;
      record: { network: unknown };
    };
    assert.equal(as.key, "as64500");
    assert.ok(as.record.network);
    assert.equal(((await get("/registration/192.0.2.1")) as { key: string }).key, "192.0.2.1");
  });

  it("lists snapshots newest first, with limit", async () => {
    const all = (await get("/registration/example.com/snapshots")) as {
      snapshots: Array<{ fetchedAt: number; source: string }>;
    };
    assert.deepEqual(
      all.snapshots.map((s) => [s.fetchedAt, s.source]),
      [
        [T + 3 * 86_400, "rdap"],
        [T + 2 * 86_400, "whois"],
        [T + 86_400, "rdap"],
        [T, "rdap"],
      ],
    );
    const two = (await get("/registration/example.com/snapshots?limit=2")) as typeof all;
    assert.deepEqual(
      two.snapshots.map((s) => s.fetchedAt),
      [T + 3 * 86_400, T + 2 * 86_400],
    );
  });

  it("gives the field changes between consecutive snapshots, newest first", async () => {
    const { diffs } = (await get("/registration/example.com/diffs")) as {
      diffs: Array<{ from: number; to: number; changes: unknown[] }>;
    };
    assert.deepEqual(diffs, [
      {
        from: T + 86_400,
        to: T + 2 * 86_400,
        changes: diffRecords(SNAPSHOTS[1]!.record, SNAPSHOTS[2]!.record),
      },
      { from: T, to: T + 86_400, changes: diffRecords(SNAPSHOTS[0]!.record, SNAPSHOTS[1]!.record) },
    ]);
    const fields = diffs[0]!.changes.map((c) => (c as { field: string }).field);
    assert.ok(fields.includes("registrar.name") && fields.includes("privacy"), fields.join());
    assert.deepEqual(
      diffs[1]!.changes.map((c) => (c as { field: string }).field),
      ["eppStatus", "expires"],
    );
  });

  it("404s what is not stored or not a name, 400s a bad limit", async () => {
    for (const path of [
      "/registration/nothing.example",
      "/registration/nothing.example/snapshots",
      "/registration/nothing.example/diffs",
      "/registration/AS99999999999",
      "/registration/a..b/diffs",
    ])
      await get(path, 404);
    const res = await rig.get("/api/v1/registration/example.com/snapshots?limit=0");
    assert.equal(res.status, 400);
    const p = (await res.json()) as { errors: Array<{ name: string }> };
    assert.equal(p.errors[0]!.name, "limit");
    assert.equal((await rig.get("/api/v1/registration/example.com?raw=1")).status, 400);
  });
});
