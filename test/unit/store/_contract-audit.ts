import assert from "node:assert/strict";
import { it } from "node:test";
import type { AuditEntry, AuditQuery, AuditRecord, AuditStore } from "../../../src/store/types.js";
import type { StoreFactory } from "./contract.js";
import { prng, withStore } from "./_helpers.js";
import { isInput } from "./_contract-users.js";

const T = 1_700_000_000_000;

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  at: T,
  actor: "user:alice",
  action: "user.add",
  target: "bob",
  outcome: "ok",
  ...over,
});

/** Every page of `q`, followed by its cursors. */
async function allPages(a: AuditStore, q: AuditQuery): Promise<AuditRecord[][]> {
  const pages: AuditRecord[][] = [];
  let cursor: string | undefined;
  do {
    const page = await a.queryAudit({ ...q, ...(cursor ? { cursor } : {}) });
    pages.push(page.entries);
    cursor = page.next;
    assert.ok(pages.length < 1000, "the cursor moves on");
  } while (cursor);
  return pages;
}

const newestFirst = (x: AuditRecord, y: AuditRecord): number =>
  y.at - x.at || (y.id < x.id ? -1 : y.id > x.id ? 1 : 0);

/** The audit log: append-only, newest first, paged by (at, id). Skipped by a backend without it. */
export function auditTests(factory: StoreFactory): void {
  it("appends entries with an id and gives them back as written, newest first", () =>
    withStore(factory, async (s) => {
      const a = s.audit;
      if (!a) return;
      assert.deepEqual(await a.queryAudit(), { entries: [] });
      const first = await a.appendAudit(entry({ detail: "role reader" }));
      const second = await a.appendAudit(
        entry({ at: T + 5, actor: "key:0123456789ab", action: "alert.ack", outcome: "denied" }),
      );
      const { target: _t, ...noTarget } = entry({
        at: T + 1,
        actor: "cli:root",
        action: "apikey.create",
        outcome: "failed",
      });
      const third = await a.appendAudit(noTarget);
      assert.match(first.id, /^[0-9a-f]{16}$/);
      assert.notEqual(first.id, second.id);
      assert.deepEqual(first, { ...entry({ detail: "role reader" }), id: first.id });
      assert.equal("target" in third, false);
      assert.deepEqual(await a.queryAudit(), { entries: [second, third, first] });
    }));

  it("filters by time range (since inclusive, until exclusive), actor, action and outcome", () =>
    withStore(factory, async (s) => {
      const a = s.audit;
      if (!a) return;
      const made: AuditRecord[] = [];
      for (let i = 0; i < 12; i++)
        made.push(
          await a.appendAudit(
            entry({
              at: T + i * 1000,
              actor: i % 3 === 0 ? "user:alice" : "user:bob",
              action: i % 2 === 0 ? "user.add" : "session.login",
              outcome: i % 4 === 1 ? "denied" : i === 10 ? "failed" : "ok",
            }),
          ),
        );
      const ids = async (q: AuditQuery) =>
        (await a.queryAudit(q)).entries.map((e) => made.findIndex((m) => m.id === e.id));
      assert.deepEqual(await ids({ since: T + 3000, until: T + 6000 }), [5, 4, 3]);
      assert.deepEqual(await ids({ actor: "user:alice" }), [9, 6, 3, 0]);
      assert.deepEqual(await ids({ action: "session.login", since: T + 6000 }), [11, 9, 7]);
      assert.deepEqual(await ids({ actor: "user:alice", action: "session.login" }), [9, 3]);
      assert.deepEqual(await ids({ actor: "user:carol" }), []);
      assert.deepEqual(await ids({ outcome: "denied" }), [9, 5, 1]);
      assert.deepEqual(await ids({ outcome: "failed" }), [10]);
      assert.deepEqual(await ids({ outcome: "denied", actor: "user:bob", since: T + 2000 }), [5]);
      assert.deepEqual(await ids({ limit: 2 }), [11, 10]);
    }));

  it("pages by (at, id) without repeating or skipping, entries appended meanwhile or not", () =>
    withStore(factory, async (s) => {
      const a = s.audit;
      if (!a) return;
      const rand = prng(14);
      const made: AuditRecord[] = [];
      // Many entries in the same millisecond: the id breaks the tie.
      for (let i = 0; i < 57; i++)
        made.push(
          await a.appendAudit(
            entry({
              at: T + Math.floor(rand() * 8),
              actor: rand() < 0.5 ? "user:alice" : "user:bob",
            }),
          ),
        );
      for (const q of [
        { limit: 5 },
        { limit: 1 },
        { limit: 5, actor: "user:bob" },
        { limit: 3, since: T + 2, until: T + 6 },
      ]) {
        const pages = await allPages(a, q);
        const want = made
          .filter(
            (e) =>
              (q.actor === undefined || e.actor === q.actor) &&
              (q.since === undefined || e.at >= q.since) &&
              (q.until === undefined || e.at < q.until),
          )
          .sort(newestFirst);
        assert.deepEqual(pages.flat(), want, JSON.stringify(q));
        for (const p of pages.slice(0, -1)) assert.equal(p.length, q.limit);
      }
      // Appended after the first page was read: an entry older than the cursor comes
      // on a later page; one newer does not (it sorts before the cursor).
      const p1 = await a.queryAudit({ limit: 10 });
      const older = await a.appendAudit(entry({ at: T - 1 }));
      const newer = await a.appendAudit(entry({ at: T + 100 }));
      const rest = (await allPages(a, { limit: 10, cursor: p1.next! })).flat();
      assert.ok(rest.some((e) => e.id === older.id));
      assert.ok(!rest.some((e) => e.id === newer.id));
      assert.equal(rest.length + p1.entries.length, made.length + 1);
    }));

  it("refuses invalid entries and queries by field, storing nothing", () =>
    withStore(factory, async (s) => {
      const a = s.audit;
      if (!a) return;
      const bad: Array<[Partial<AuditEntry>, RegExp]> = [
        [{ at: 1.5 }, /at must be whole epoch milliseconds/],
        [{ actor: "alice" }, /actor "alice" must be user:, key:, cli: or system:/],
        [{ actor: "user:\x1b[2J" }, /actor .* printable/],
        [{ actor: `user:${"a".repeat(200)}` }, /actor/],
        [{ action: "User Add" }, /action "User Add"/],
        [{ target: "" }, /target/],
        [{ target: "a\nb" }, /target/],
        [{ outcome: "maybe" as "ok" }, /outcome must be ok, denied, failed/],
        [{ detail: "x".repeat(2001) }, /detail/],
      ];
      for (const [over, pattern] of bad)
        await assert.rejects(a.appendAudit(entry(over)), isInput(pattern), pattern.source);
      assert.deepEqual(await a.queryAudit(), { entries: [] });
      for (const [q, pattern] of [
        [{ limit: 0 }, /limit must be 1-1000/],
        [{ limit: 1001 }, /limit must be 1-1000/],
        [{ cursor: "12" }, /malformed cursor/],
        [{ cursor: "1.zzzzzzzzzzzzzzzz" }, /malformed cursor/],
        [{ since: Number.NaN }, /since/],
        [{ outcome: "maybe" }, /outcome must be ok, denied, failed/],
      ] as unknown as Array<[AuditQuery, RegExp]>)
        await assert.rejects(a.queryAudit(q), isInput(pattern), pattern.source);
    }));

  it("keeps the log across a reopen", async () => {
    if (!factory.reopen) return;
    const s = await factory.open();
    if (!s.audit) return void (await s.close());
    const e = await s.audit.appendAudit(entry());
    await s.close();
    const again = await factory.reopen(s);
    try {
      assert.deepEqual((await again.audit?.queryAudit())?.entries, [e]);
    } finally {
      await again.close();
    }
  });
}
