// /api/v1/watches: the watchlist on the calls `dnsight watch` makes. Names as typed
// are stored as A-labels; a kind changes in place; a brand keeps its owned domains;
// a bad body is 400 naming the field; a reader may list but not change it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Watch } from "../../../src/store/types.js";
import { inProcessRig, type ApiRig } from "./_server.js";
import { sendAs, signIn, type Login } from "./_session.js";
import { answerChecker, fetchDoc, operations } from "./_v1.js";

describe("/api/v1/watches", () => {
  let rig: ApiRig;
  let ann: Login;
  let rita: Login;
  before(async () => {
    rig = await inProcessRig({ now: () => 1_800_000_000.5 });
    ann = await signIn(rig, "ann", "analyst");
    rita = await signIn(rig, "rita", "reader");
  });
  after(() => rig.close());

  const send = (who: Login, method: string, path: string, body?: unknown) =>
    sendAs(rig, who, method, path, body);

  it("adds names as stored, changes a kind, keeps a brand's owned domains, lists and removes", async () => {
    const doc = await fetchDoc(rig);
    const check = answerChecker(doc);
    const op = (m: string, p: string) =>
      operations(doc).find((o) => o.method === m && o.path === p)!;
    const add = await send(ann, "POST", "/watches", { names: ["Example.COM.", "bücher.de"] });
    assert.equal(add.status, 200);
    const added = (await add.json()) as { watches: Watch[]; added: string[] };
    check(op("POST", "/watches"), 200, "application/json", added);
    assert.deepEqual(added, {
      watches: [
        { name: "example.com", kind: "owned", addedAt: 1_800_000_000, owned: [] },
        { name: "xn--bcher-kva.de", kind: "owned", addedAt: 1_800_000_000, owned: [] },
      ],
      added: ["example.com", "xn--bcher-kva.de"],
    });
    const brand = await send(ann, "POST", "/watches", {
      names: ["bücher.de"],
      kind: "brand",
      owned: ["Buecher.de", "bücher.com"],
    });
    assert.equal(brand.status, 200);
    assert.deepEqual(await brand.json(), {
      watches: [
        {
          name: "xn--bcher-kva.de",
          kind: "brand",
          addedAt: 1_800_000_000,
          owned: ["buecher.de", "xn--bcher-kva.com"],
        },
      ],
      added: [],
    });
    const list = await rig.get("/api/v1/watches");
    const body = (await list.json()) as { watches: Watch[] };
    check(op("GET", "/watches"), 200, "application/json", body);
    assert.deepEqual(body.watches, await rig.store.watches!.listWatches());
    assert.deepEqual(
      body.watches.map((w) => `${w.name} ${w.kind}`),
      ["example.com owned", "xn--bcher-kva.de brand"],
    );
    const rm = await send(ann, "DELETE", "/watches/EXAMPLE.com.");
    assert.equal(rm.status, 204);
    const again = await send(ann, "DELETE", "/watches/example.com");
    assert.equal(again.status, 404);
    assert.match(((await again.json()) as { detail: string }).detail, /not watched: example\.com/);
    assert.equal(
      (await send(ann, "DELETE", `/watches/${encodeURIComponent("bücher.de")}`)).status,
      204,
    );
    assert.deepEqual(await rig.store.watches!.listWatches(), []);
  });

  it("refuses a bad body with 400 naming the field, storing nothing", async () => {
    const cases: Array<[unknown, string]> = [
      [{}, "names"],
      [{ names: [] }, "names"],
      [{ names: "example.com" }, "names"],
      [{ names: ["192.0.2.1"] }, "names"],
      [{ names: ["ok.test", "bad name.test"] }, "names"],
      [{ names: Array.from({ length: 1001 }, (_, i) => `n${i}.t`) }, "names"],
      [{ names: ["x.test"], kind: "mine" }, "kind"],
      [{ names: ["x.test"], owned: ["y.test"] }, "owned"],
      [{ names: ["x.test"], kind: "brand", owned: ["<b>"] }, "owned"],
      [{ names: ["x.test"], colour: "red" }, "colour"],
    ];
    for (const [body, field] of cases) {
      const res = await send(ann, "POST", "/watches", body);
      const text = JSON.stringify(body).slice(0, 50);
      assert.equal(res.status, 400, text);
      const p = (await res.json()) as {
        errors: Array<{ in: string; name: string }>;
        detail: string;
      };
      assert.deepEqual(
        [...new Set(p.errors.map((e) => `${e.in} ${e.name}`))],
        [`body ${field}`],
        text,
      );
    }
    const addr = await send(ann, "POST", "/watches", { names: ["192.0.2.1"] });
    assert.match(
      ((await addr.json()) as { detail: string }).detail,
      /not addresses: "192\.0\.2\.1"/,
    );
    const bad = await send(ann, "DELETE", "/watches/192.0.2.1");
    assert.equal(bad.status, 400);
    assert.deepEqual(await rig.store.watches!.listWatches(), []);
  });

  it("lets a reader list but not change the watchlist", async () => {
    await rig.store.watches!.addWatches(["kept.test"], "owned", 1);
    assert.equal((await send(rita, "GET", "/watches")).status, 200);
    assert.equal((await send(rita, "POST", "/watches", { names: ["x.test"] })).status, 403);
    assert.equal((await send(rita, "DELETE", "/watches/kept.test")).status, 403);
    const key = await rig.request("/api/v1/watches/kept.test", {
      method: "DELETE",
      headers: { "x-api-key": rig.key },
    });
    assert.equal(key.status, 403);
    assert.equal((await send(ann, "DELETE", "/watches/nowhere.test")).status, 404);
    assert.deepEqual(
      (await rig.store.watches!.listWatches()).map((w) => w.name),
      ["kept.test"],
    );
  });
});
