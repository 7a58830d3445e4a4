import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { it } from "node:test";
import { newSessionToken } from "../../../src/store/session-token.js";
import { MAX_SESSIONS_PER_USER, type SessionInfo, type Store } from "../../../src/store/types.js";
import type { StoreFactory } from "./contract.js";
import { withStore } from "./_helpers.js";
import { HASH, isInput, user } from "./_contract-users.js";

const T = 1_700_000_000;

const session = (name: string, over: Partial<SessionInfo> = {}): SessionInfo => ({
  user: name,
  createdAt: T,
  expiresAt: T + 3600,
  lastUsedAt: T,
  ...over,
});

/** Login sessions, found by token. Skipped by a backend without them. */
export function sessionTests(factory: StoreFactory): void {
  it("creates, finds, touches (sliding expiry) and deletes a session", () =>
    withStore(factory, async (s) => {
      const { users, sessions } = s;
      if (!users || !sessions) return;
      await users.addUser(user("alice"));
      const token = newSessionToken();
      await sessions.createSession(token, session("alice"));
      assert.deepEqual(await sessions.getSession(token, T + 10), session("alice"));
      assert.equal(await sessions.getSession(newSessionToken(), T), undefined, "unknown token");
      assert.equal(await sessions.touchSession(token, T + 100, T + 7200), true);
      assert.deepEqual(
        await sessions.getSession(token, T + 3601),
        session("alice", { lastUsedAt: T + 100, expiresAt: T + 7200 }),
        "alive past its first expiry",
      );
      assert.equal(await sessions.deleteSession(token), true);
      assert.equal(await sessions.deleteSession(token), false);
      assert.equal(await sessions.getSession(token, T + 101), undefined);
      assert.equal(await sessions.touchSession(token, T + 102, T + 9999), false);
    }));

  it("an expired session is neither found nor touched, and purging deletes only those", () =>
    withStore(factory, async (s) => {
      const { users, sessions } = s;
      if (!users || !sessions) return;
      await users.addUser(user("alice"));
      const [old, live] = [newSessionToken(), newSessionToken()];
      await sessions.createSession(old, session("alice", { expiresAt: T + 10 }));
      await sessions.createSession(live, session("alice", { expiresAt: T + 100 }));
      assert.equal(await sessions.getSession(old, T + 10), undefined, "expiry is exclusive");
      assert.equal(await sessions.touchSession(old, T + 10, T + 1000), false, "not revived");
      assert.equal(await sessions.purgeExpiredSessions(T + 10), 1);
      assert.equal(await sessions.purgeExpiredSessions(T + 10), 0);
      assert.equal((await sessions.getSession(live, T + 10))?.user, "alice");
    }));

  it("keeps only the token's hash: the text of a token is not a key to anything else", () =>
    withStore(factory, async (s) => {
      const { users, sessions } = s;
      if (!users || !sessions) return;
      await users.addUser(user("alice"));
      const token = newSessionToken();
      await sessions.createSession(token, session("alice"));
      for (const junk of ["", "x", token.toUpperCase(), `${token}=`, "a".repeat(10_000)])
        assert.equal(await sessions.getSession(junk, T), undefined, junk.slice(0, 20));
      assert.equal(await sessions.deleteSession("not a token"), false);
    }));

  it("refuses a session for an unknown or disabled user, a reused token, bad times", () =>
    withStore(factory, async (s) => {
      const { users, sessions } = s;
      if (!users || !sessions) return;
      await users.addUser(user("alice"));
      await users.addUser(user("off", "reader", { disabled: true }));
      const token = newSessionToken();
      await assert.rejects(
        sessions.createSession(token, session("nobody")),
        isInput(/no enabled user named nobody/),
      );
      await assert.rejects(
        sessions.createSession(token, session("off")),
        isInput(/no enabled user named off/),
      );
      await assert.rejects(
        sessions.createSession("short", session("alice")),
        isInput(/43 base64url/),
      );
      await assert.rejects(
        sessions.createSession(token, session("alice", { expiresAt: T })),
        isInput(/expires before it starts/),
      );
      await sessions.createSession(token, session("alice"));
      await assert.rejects(sessions.createSession(token, session("alice")), isInput(/in use/));
    }));

  it(`keeps at most ${MAX_SESSIONS_PER_USER} per user, ending the least recently used`, () =>
    withStore(factory, async (s) => {
      const { users, sessions } = s;
      if (!users || !sessions) return;
      await users.addUser(user("alice"));
      await users.addUser(user("bob"));
      const bob = newSessionToken();
      await sessions.createSession(bob, session("bob"));
      const tokens: string[] = [];
      for (let i = 0; i < MAX_SESSIONS_PER_USER + 5; i++) {
        const t = newSessionToken();
        tokens.push(t);
        await sessions.createSession(t, session("alice", { lastUsedAt: T + i, createdAt: T + i }));
        // The first one is used all along: it stays.
        await sessions.touchSession(tokens[0]!, T + i + 1, T + 3600);
      }
      const alive = [];
      for (const t of tokens) if (await sessions.getSession(t, T)) alive.push(tokens.indexOf(t));
      assert.equal(alive.length, MAX_SESSIONS_PER_USER);
      assert.deepEqual(alive, [
        0,
        ...Array.from({ length: MAX_SESSIONS_PER_USER - 1 }, (_, i) => i + 6),
      ]);
      assert.ok(await sessions.getSession(bob, T), "another user's session is not touched");
    }));

  it("ends every session of a user on request, on a password change and when disabled", () =>
    withStore(factory, async (s) => {
      const { users, sessions } = s;
      if (!users || !sessions) return;
      await users.addUser(user("alice"));
      await users.addUser(user("bob"));
      const open = async (name: string): Promise<string> => {
        const t = newSessionToken();
        await sessions.createSession(t, session(name));
        return t;
      };
      const b = await open("bob");
      await open("alice");
      await open("alice");
      assert.equal(await sessions.deleteUserSessions("alice"), 2);
      let a = await open("alice");
      await users.setUserPassword("alice", HASH.replace("A", "Z"));
      assert.equal(await sessions.getSession(a, T), undefined, "password changed");
      a = await open("alice");
      await users.setUserRole("alice", "analyst");
      assert.ok(await sessions.getSession(a, T), "a role change keeps the session");
      await users.setUserDisabled("alice", true);
      assert.equal(await sessions.getSession(a, T), undefined, "disabled");
      assert.ok(await sessions.getSession(b, T));
    }));

  it("keeps a shared secret: made once, the same bytes for every caller and after a reopen", async () => {
    const s = await factory.open();
    let again: Store | undefined;
    try {
      const secret = s.sessions?.sharedSecret?.bind(s.sessions);
      if (!secret) return;
      let made = 0;
      const make = (): Buffer => {
        made++;
        return randomBytes(32);
      };
      // Two callers at once, as two servers starting together: one secret.
      const [a, b] = await Promise.all([
        secret("session-csrf", make),
        secret("session-csrf", make),
      ]);
      assert.equal(a.length, 32);
      assert.deepEqual(b, a);
      assert.deepEqual(await secret("session-csrf", make), a);
      assert.ok(made <= 2, "made at most once per racing caller");
      const other = await secret("another", make);
      assert.notDeepEqual(other, a, "names are apart");
      await assert.rejects(secret("Bad Name; DROP", make), isInput(/secret name/));
      if (factory.reopen) {
        await s.close();
        again = await factory.reopen(s);
        assert.deepEqual(await again.sessions!.sharedSecret!("session-csrf", make), a);
      }
    } finally {
      await (again ?? s).close();
    }
  });
}
