// /api/v1/registrations?party=&name=: the pivot from a registrar or registrant
// organisation to the keys it holds now, by each key's newest answered snapshot;
// paged by cursor with a Link header; a blank name is a 400.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { inProcessRig, T, type ApiRig } from "./_server.js";
import { HOSTILE, record } from "./_intel.js";
import { answerChecker, fetchDoc, operations, type Doc } from "./_v1.js";

const ACME = "Acme Registrar, Inc.";

interface PartyKeys {
  party: string;
  name: string;
  keys: string[];
  next?: string;
  detail?: string;
}

describe("/api/v1/registrations", () => {
  let rig: ApiRig;
  let doc: Doc;
  let check: ReturnType<typeof answerChecker>;
  const get = async (
    query: string,
    status = 200,
  ): Promise<{ body: PartyKeys; link: string | null }> => {
    const res = await rig.get(`/api/v1/registrations?${query}`);
    const body = (await res.json()) as PartyKeys;
    assert.equal(res.status, status, `${query}: ${JSON.stringify(body)}`);
    const op = operations(doc).find((o) => o.path === "/registrations")!;
    check(op, status, res.headers.get("content-type")!, body);
    return { body, link: res.headers.get("link") };
  };
  const snap = (key: string, at: number, registrar: string, org?: string) => ({
    key,
    fetchedAt: at,
    record: record({
      domain: key,
      registrar: { name: registrar },
      contacts: org ? [{ role: "registrant" as const, organization: org, redacted: [] }] : [],
    }),
    raw: "",
  });

  before(async () => {
    rig = await inProcessRig({}, []);
    await rig.store.registrations!.writeSnapshots([
      ...["a.test", "b.test", "c.test", "d.test", "e.test"].map((k) =>
        snap(k, T, ACME, "Shop Ltd"),
      ),
      snap("moved.test", T, ACME),
      snap("moved.test", T + 60, "Other Registrar"),
      snap("xss.test", T, HOSTILE, HOSTILE),
    ]);
    doc = await fetchDoc(rig);
    check = answerChecker(doc);
  });
  after(() => rig.close());

  it("lists a registrar's keys a page at a time, following the cursor and the Link header", async () => {
    const q = `party=registrar&name=${encodeURIComponent("acme  REGISTRAR, inc.")}&limit=2`;
    const first = await get(q);
    assert.deepEqual(first.body, {
      party: "registrar",
      name: "acme registrar, inc.",
      keys: ["a.test", "b.test"],
      next: "b.test",
    });
    assert.match(first.link!, /^<\/api\/v1\/registrations\?.*cursor=b\.test.*>; rel="next"$/);
    const keys = [...first.body.keys];
    let cursor: string | undefined = first.body.next;
    while (cursor !== undefined) {
      const page = await get(`${q}&cursor=${encodeURIComponent(cursor)}`);
      keys.push(...page.body.keys);
      cursor = page.body.next;
      if (cursor === undefined) assert.equal(page.link, null);
    }
    assert.deepEqual(keys, ["a.test", "b.test", "c.test", "d.test", "e.test"], "moved.test left");
  });

  it("lists a registrant organisation's keys, hostile names as plain text", async () => {
    assert.deepEqual((await get("party=registrant&name=shop%20ltd")).body.keys.length, 5);
    const xss = await get(`party=registrant&name=${encodeURIComponent(HOSTILE)}`);
    assert.deepEqual(xss.body.keys, ["xss.test"]);
    assert.equal(xss.body.name, HOSTILE.toLowerCase());
  });

  it("answers an unknown name with no keys, and refuses a blank name or party", async () => {
    assert.deepEqual((await get("party=registrar&name=nobody")).body.keys, []);
    const blank = await get("party=registrar&name=%20%20", 400);
    assert.match(blank.body.detail!, /query parameter "name": the name is blank/);
    await get("party=reseller&name=x", 400);
    await get("name=x", 400);
  });
});
