// POST /api/v1/alerts/{id}/acknowledge|close|reopen: the store's moveAlert, as
// `dnsight alerts status` calls it. Each move is noted (who, when, why) and shown on
// the alert; a move the life cycle does not allow is 409 and changes nothing; a bad
// body is 400 naming the field; a reader is 403; an unknown id 404.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { alertFromFinding } from "../../../src/detect/alert.js";
import type { Alert } from "../../../src/model/alert.js";
import type { Finding } from "../../../src/model/finding.js";
import type { AlertNote } from "../../../src/store/types.js";
import { inProcessRig, type ApiRig } from "./_server.js";
import { sendAs, signIn, type Login } from "./_session.js";
import { answerChecker, fetchDoc, operations } from "./_v1.js";

const finding = (key: string): Finding => ({
  rule: "dns.ns-changed",
  technique: "T1584.002",
  dataComponents: ["DC0103"],
  entity: "example.com",
  key,
  severity: "high",
  confidence: 80,
  summary: "NS set moved <script>alert(1)</script>",
  evidence: [{ source: "active", what: "NS set", before: ["a"], after: ["b"] }],
});

type Detail = Alert & { notes: AlertNote[] };

describe("/api/v1/alerts/{id}: acknowledge, close, reopen", () => {
  let rig: ApiRig;
  let ann: Login;
  let rita: Login;
  let ids: string[];
  const NOW = 1_800_000_000;
  before(async () => {
    rig = await inProcessRig({ now: () => NOW });
    ann = await signIn(rig, "ann", "analyst");
    rita = await signIn(rig, "rita", "reader");
    ids = [];
    for (const k of ["a", "b", "c"])
      ids.push(
        (
          await rig.store.alerts!.upsertAlert(
            alertFromFinding(finding(k), new Date("2026-11-01T00:00:00Z")),
          )
        ).alert.id,
      );
  });
  after(() => rig.close());

  const post = (who: Login, id: string, verb: string, body?: unknown) =>
    sendAs(rig, who, "POST", `/alerts/${id}/${verb}`, body);

  it("acknowledges, closes with a comment and reopens, noting each move on the alert", async () => {
    const doc = await fetchDoc(rig);
    const check = answerChecker(doc);
    const op = (path: string) => operations(doc).find((o) => o.path === path)!;
    const id = ids[0]!;
    const ack = await post(ann, id, "acknowledge");
    assert.equal(ack.status, 200);
    const acked = (await ack.json()) as Detail;
    check(op("/alerts/{id}/acknowledge"), 200, "application/json", acked);
    assert.equal(acked.status, "acknowledged");
    const at = new Date(NOW * 1000).toISOString();
    assert.deepEqual(acked.notes, [{ at, user: "ann", action: "acknowledged" }]);

    const close = await post(ann, id, "close", { comment: "benign: <b>our</b> CDN" });
    assert.equal(close.status, 200);
    const closed = (await close.json()) as Detail;
    check(op("/alerts/{id}/close"), 200, "application/json", closed);
    assert.equal(closed.status, "closed");
    assert.deepEqual(closed.notes[1], {
      at,
      user: "ann",
      action: "closed",
      comment: "benign: <b>our</b> CDN",
    });

    const reopen = await post(ann, id, "reopen", { comment: "it moved again" });
    assert.equal(reopen.status, 200);
    assert.equal(((await reopen.json()) as Detail).status, "open");

    // GET shows the alert as stored, with every note, oldest first.
    const got = await rig.get(`/api/v1/alerts/${id}`);
    const detail = (await got.json()) as Detail;
    check(op("/alerts/{id}"), 200, "application/json", detail);
    assert.deepEqual(
      detail.notes.map((n) => n.action),
      ["acknowledged", "closed", "reopened"],
    );
    assert.deepEqual(detail.notes, await rig.store.alerts!.listAlertNotes(id));
    assert.equal((await rig.store.alerts!.getAlert(id))?.status, "open");
  });

  it("closes an open alert at once; a key acts as its user, or by its name", async () => {
    const res = await rig.request(`/api/v1/alerts/${ids[1]}/close`, {
      method: "POST",
      headers: { "x-api-key": rig.adminKey, "content-type": "application/json" },
      body: JSON.stringify({ comment: "noise" }),
    });
    assert.equal(res.status, 200);
    const d = (await res.json()) as Detail;
    assert.equal(d.status, "closed");
    assert.equal(d.notes[0]?.user, "test admin");
  });

  it("refuses a move the life cycle does not allow with 409, changing nothing", async () => {
    const id = ids[2]!;
    const cases: Array<[string, unknown, RegExp]> = [
      ["reopen", undefined, /cannot reopen alert .*: it is open/],
      ["acknowledge", {}, /^$/],
      ["acknowledge", undefined, /cannot acknowledge alert .*: it is acknowledged/],
      ["close", { comment: "done" }, /^$/],
      ["close", { comment: "again" }, /cannot close alert .*: it is closed/],
      ["acknowledge", undefined, /cannot acknowledge alert .*: it is closed/],
    ];
    for (const [verb, body, refused] of cases) {
      const res = await post(ann, id, verb, body);
      const p = (await res.json()) as { detail?: string };
      if (refused.source === "^$") assert.equal(res.status, 200, `${verb}: ${p.detail}`);
      else {
        assert.equal(res.status, 409, verb);
        assert.equal(res.headers.get("content-type"), "application/problem+json");
        assert.match(p.detail ?? "", refused);
      }
    }
    assert.equal((await rig.store.alerts!.listAlertNotes(id)).length, 2);
    assert.equal((await rig.store.alerts!.getAlert(id))?.status, "closed");
  });

  it("refuses a bad body with 400 naming the field", async () => {
    const id = ids[0]!;
    const cases: Array<[string, unknown, string]> = [
      ["close", {}, "comment"],
      ["close", { comment: "" }, "comment"],
      ["close", { comment: "   " }, "comment"],
      ["close", { comment: "x".repeat(2001) }, "comment"],
      ["close", { comment: 7 }, "comment"],
      ["acknowledge", { comment: "ok", why: "x" }, "why"],
      ["reopen", { comment: ["x"] }, "comment"],
    ];
    for (const [verb, body, field] of cases) {
      const res = await post(ann, id, verb, body);
      assert.equal(res.status, 400, `${verb} ${JSON.stringify(body).slice(0, 40)}`);
      const p = (await res.json()) as { errors: Array<{ in: string; name: string }> };
      assert.deepEqual(
        p.errors.map((e) => `${e.in} ${e.name}`),
        [`body ${field}`],
      );
    }
    const res = await rig.request(`/api/v1/alerts/${id}/close`, {
      method: "POST",
      headers: { cookie: ann.cookie, "x-csrf-token": ann.csrf, "content-type": "application/json" },
      body: "{not json",
    });
    assert.equal(res.status, 400);
  });

  it("403 for a reader, a read key and a cookie without its CSRF token; 404 for no such alert", async () => {
    const id = ids[0]!;
    const before = await rig.store.alerts!.listAlertNotes(id);
    for (const verb of ["acknowledge", "close", "reopen"]) {
      const body = { comment: "x" };
      assert.equal((await post(rita, id, verb, body)).status, 403, verb);
      const key = await rig.request(`/api/v1/alerts/${id}/${verb}`, {
        method: "POST",
        headers: { "x-api-key": rig.key, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      assert.equal(key.status, 403, verb);
      const noCsrf = await rig.request(`/api/v1/alerts/${id}/${verb}`, {
        method: "POST",
        headers: { cookie: ann.cookie, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      assert.equal(noCsrf.status, 403, verb);
      const none = await post(ann, "al-00000000000000000000", verb, body);
      assert.equal(none.status, 404, verb);
    }
    assert.deepEqual(await rig.store.alerts!.listAlertNotes(id), before);
  });
});
