// The reason the PostgreSQL state store exists: several processes writing at once
// (two stores here, each with its own pool, as two `serve`s on two machines) never
// leave the state half-checked. Each race that can be made to interleave is; the
// others run a few rounds.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import pg_ from "pg";
import { alertFromFinding } from "../../src/detect/alert.js";
import { DnsightError } from "../../src/errors.js";
import { openPostgresState } from "../../src/store/postgres/postgres-store.js";
import type { StateStore } from "../../src/store/types.js";
import { sharedPostgres, stopSharedPostgres, type PostgresServer } from "../helpers/postgres.js";
import type { Finding } from "../../src/model/finding.js";
import { user } from "../unit/store/_contract-users.js";
import { newSessionToken } from "../../src/store/session-token.js";

const { Client } = pg_;
let pg: PostgresServer;
before(async () => {
  pg = await sharedPostgres();
});
after(stopSharedPostgres);

const T = 1_700_000_000;
const FINDING: Finding = {
  rule: "dns.ns-changed",
  technique: "T1584.002",
  dataComponents: ["DC0103"],
  entity: "example.com",
  key: "ns",
  severity: "high",
  confidence: 80,
  summary: "NS moved",
  evidence: [],
};

/** Two stores on one schema: two processes sharing the state. */
async function twoStores(): Promise<[StateStore, StateStore]> {
  const url = await pg.freshSchema();
  return [await openPostgresState(url), await openPostgresState(url)];
}

describe("postgres state, two processes at once", () => {
  const ROUNDS = 8;

  it("two admins removing each other: one wins, one admin is left", async () => {
    const [a, b] = await twoStores();
    try {
      for (let i = 0; i < ROUNDS; i++) {
        const [x, y] = [`x${i}`, `y${i}`];
        await a.users!.addUser(user(x, "admin"));
        await a.users!.addUser(user(y, "admin"));
        if (i > 0) await a.users!.removeUser(`y${i - 1}`, T);
        const got = await Promise.allSettled([
          a.users!.removeUser(x, T),
          b.users!.removeUser(y, T),
        ]);
        assert.equal(got.filter((g) => g.status === "fulfilled").length, 1, `round ${i}`);
        const left = (await a.users!.listUsers()).filter((u) => u.role === "admin");
        assert.equal(left.length, 1, `round ${i}: ${left.map((u) => u.name).join(" ")}`);
        // Leave y{i} as the one admin for the next round to remove.
        if (left[0]!.name === x) {
          await a.users!.addUser(user(y, "admin"));
          await a.users!.removeUser(x, T);
        }
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("a login racing a disable leaves no live session for the disabled user", async () => {
    // Made to interleave, not hoped to: a third connection holds the sessions table,
    // the login passes its user check and waits there, then the disable runs. A
    // login that did not lock its user's row would land after the disable ended the
    // user's sessions, and live on.
    const url = await pg.freshSchema();
    const [a, b] = [await openPostgresState(url), await openPostgresState(url)];
    const blocker = new Client({ connectionString: url, application_name: "blocker" });
    await blocker.connect();
    const waiting = async (n: number) => {
      for (let i = 0; i < 500; i++) {
        const r = await blocker.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'dnsight' AND wait_event_type = 'Lock'",
        );
        if (r.rows[0].n >= n) return;
        await sleep(10);
      }
      throw new Error(`${n} transactions never waited`);
    };
    try {
      await a.users!.addUser(user("root", "admin"));
      await a.users!.addUser(user("alice"));
      const token = newSessionToken();
      await blocker.query("BEGIN");
      await blocker.query("LOCK TABLE sessions IN EXCLUSIVE MODE");
      const login = a.sessions!.createSession(token, {
        user: "alice",
        createdAt: T,
        expiresAt: T + 99,
        lastUsedAt: T,
      });
      await waiting(1);
      const disable = b.users!.setUserDisabled("alice", true);
      await waiting(2);
      await blocker.query("COMMIT");
      await Promise.allSettled([login, disable]);
      assert.equal((await a.users!.getUser("alice"))?.disabled, true);
      assert.equal(await a.sessions!.getSession(token, T), undefined);
    } finally {
      await blocker.end();
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("a key added while its user is removed ends revoked or refused", async () => {
    const [a, b] = await twoStores();
    try {
      await a.users!.addUser(user("root", "admin"));
      for (let i = 0; i < ROUNDS; i++) {
        const name = `k${i}`;
        await a.users!.addUser(user(name));
        const key = { id: name, name, role: "read" as const, hash: "ab".repeat(32), createdAt: T };
        await Promise.allSettled([
          a.apiKeys!.addApiKey({ ...key, user: name }),
          b.users!.removeUser(name, T + 1),
        ]);
        const k = await a.apiKeys!.getApiKey(name);
        assert.ok(k === undefined || k.revokedAt === T + 1, `round ${i}: ${JSON.stringify(k)}`);
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("the same finding from two monitors counts twice; two analysts' moves, one wins", async () => {
    const [a, b] = await twoStores();
    const finding = FINDING;
    try {
      for (let i = 0; i < ROUNDS; i++) {
        const seen = new Date(Date.UTC(2026, 10, 1, i));
        const got = await Promise.all([
          a.alerts!.upsertAlert(alertFromFinding(finding, seen)),
          b.alerts!.upsertAlert(alertFromFinding(finding, seen)),
        ]);
        if (i === 0) assert.equal(got.filter((g) => g.created).length, 1);
      }
      const [alert] = await a.alerts!.listAlerts();
      assert.equal(alert?.count, 2 * ROUNDS);
      const note = { at: "2026-11-02T00:00:00.000Z", action: "acknowledged" as const };
      const moves = await Promise.all([
        a.alerts!.moveAlert(alert!.id, { ...note, user: "ann" }),
        b.alerts!.moveAlert(alert!.id, { ...note, user: "bob" }),
      ]);
      assert.equal(moves.filter((m) => m.ok).length, 1);
      assert.equal((await a.alerts!.listAlertNotes(alert!.id)).length, 1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("a process hung holding a lock stops the others only for lockTimeoutMs", async () => {
    const url = await pg.freshSchema();
    const s = await openPostgresState(url, { lockTimeoutMs: 300 });
    const hung = new Client({ connectionString: url, application_name: "hung" });
    await hung.connect();
    try {
      await s.users!.addUser(user("root", "admin"));
      await s.users!.addUser(user("ann"));
      await hung.query("BEGIN");
      await hung.query("SELECT * FROM users WHERE name = 'ann' FOR UPDATE");
      const began = Date.now();
      await assert.rejects(
        s.users!.setUserRole("ann", "analyst"),
        (e: unknown) =>
          e instanceof DnsightError &&
          e.code === "STORE" &&
          new RegExp(
            `^postgres 127\\.0\\.0\\.1:${pg.port}/dnsight: set the role of user ann: waited over 300 ms for a lock another process holds$`,
          ).test(e.message),
      );
      const waited = Date.now() - began;
      assert.ok(waited >= 300 && waited < 5000, `${waited} ms`);
      // Reads do not wait, and the change goes through once the lock is gone.
      assert.equal((await s.users!.getUser("ann"))?.role, "reader");
      await hung.query("ROLLBACK");
      assert.equal(await s.users!.setUserRole("ann", "analyst"), true);
    } finally {
      await hung.end();
      await s.close();
    }
  });
});
