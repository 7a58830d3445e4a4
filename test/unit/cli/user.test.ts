// `dnsight user …` in-process on a real SQLite file: passwords from stdin or
// generated once, roles, the last-admin guard, sessions and keys ended with a user,
// and an audit entry for every change, refused ones included.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { newSessionToken } from "../../../src/store/session-token.js";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";
import type { AuditRecord, Store } from "../../../src/store/types.js";
import { verifyPassword } from "../../../src/util/password.js";
import { cli, ndjson } from "../../helpers/cli.js";
import { makeTmpDir } from "../../helpers/tmp.js";

const tmp = makeTmpDir("user-cli", { after });
let n = 0;
const db = (): string => join(tmp.path, `u${n++}.db`);
const env = { ...process.env, USER: "tester", DNSIGHT_RESOLV_CONF: "/nonexistent" };
const run = (args: string[], d: string, stdin?: string) =>
  cli([...args, "--db", d], { env, ...(stdin !== undefined ? { stdin } : {}) });

async function inStore<T>(d: string, fn: (s: Store) => Promise<T>): Promise<T> {
  const s = await openSqliteStore(d);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}
const audit = (d: string): Promise<AuditRecord[]> =>
  inStore(d, async (s) => (await s.audit!.queryAudit()).entries.reverse());
const line = (e: AuditRecord): string =>
  [e.actor, e.action, e.target, e.outcome, e.detail].filter(Boolean).join(" ");

describe("dnsight user", () => {
  it("adds a user with the password on stdin (one line), stores only a hash of it", async () => {
    const d = db();
    const r = await run(["user", "add", "alice", "--role", "admin"], d, "correct horse battery\n");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "", "nothing to show");
    assert.equal(r.stderr, "added user alice (admin)\n");
    const u = await inStore(d, (s) => s.users!.getUser("alice"));
    assert.equal(u?.role, "admin");
    assert.ok(!u?.passwordHash.includes("correct horse"));
    assert.equal(await verifyPassword("correct horse battery", u?.passwordHash), true);
    // CRLF ends a line as LF does.
    assert.equal((await run(["user", "add", "bob"], d, "windows line\r\n")).status, 0);
    const bob = await inStore(d, (s) => s.users!.getUser("bob"));
    assert.equal(bob?.role, "reader", "the default role");
    assert.equal(await verifyPassword("windows line", bob?.passwordHash), true);
    assert.deepEqual((await audit(d)).map(line), [
      "cli:tester user.add alice ok role admin",
      "cli:tester user.add bob ok role reader",
    ]);
  });

  it("generates a password on an empty stdin and prints it once, on stdout", async () => {
    const d = db();
    const r = await run(["user", "add", "carol", "--role", "analyst"], d);
    assert.equal(r.status, 0, r.stderr);
    const password = r.stdout.trim();
    assert.match(password, /^[A-Za-z0-9_-]{24}$/);
    assert.match(r.stderr, /the password above is shown only this once/);
    const u = await inStore(d, (s) => s.users!.getUser("carol"));
    assert.equal(await verifyPassword(password, u?.passwordHash), true);
    assert.ok(!JSON.stringify(await audit(d)).includes(password), "not in the audit log");
    const again = await run(["user", "add", "dave"], d);
    assert.notEqual(again.stdout.trim(), password);
  });

  it("refuses a bad password on stdin with one line, storing nothing", async () => {
    const d = db();
    const cases: Array<[string, RegExp]> = [
      ["two\nlines\n", /stdin: give the password on one line/],
      ["short\n", /shorter than 8 characters/],
      ["\n", /shorter than 8 characters/],
      [`${"x".repeat(1025)}\n`, /longer than 1024 bytes/],
      ["x".repeat(100_000), /stdin: the password is longer than 1024 bytes/],
      // A lone surrogate is what a string can hold of bytes that are not UTF-8.
      ["caf\xe9 bytes \udcff\n", /stdin: the password is not UTF-8/],
    ];
    for (const [stdin, pattern] of cases) {
      const r = await run(["user", "add", "erin"], d, stdin);
      assert.equal(r.status, 1, JSON.stringify(stdin.slice(0, 20)));
      assert.match(r.stderr, pattern);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    }
    assert.equal((await run(["user", "list"], d)).stdout, "");
  });

  it("refuses a bad name or role as usage, and a taken name with an audit entry", async () => {
    const d = db();
    for (const args of [["Alice"], ["a b"], ["alice", "--role", "root"], [""]]) {
      const r = await run(["user", "add", ...args], d, "a password\n");
      assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split("\n").length, 1);
    }
    assert.equal((await run(["user", "add", "alice"], d, "a password\n")).status, 0);
    const taken = await run(["user", "add", "alice", "--role", "admin"], d, "another one\n");
    assert.equal(taken.status, 1);
    assert.match(taken.stderr, /a user named alice exists already/);
    assert.deepEqual((await audit(d)).map(line), [
      "cli:tester user.add alice ok role reader",
      "cli:tester user.add alice failed a user named alice exists already",
    ]);
  });

  it("lists users with their role, status and live keys, as text and JSON", async () => {
    const d = db();
    await run(["user", "add", "bob", "--role", "analyst"], d);
    await run(["user", "add", "alice", "--role", "admin"], d);
    await run(["apikey", "create", "--user", "bob"], d);
    await run(["apikey", "create", "--user", "bob", "--role", "admin"], d);
    assert.equal((await run(["user", "disable", "bob"], d)).status, 0);
    const text = await run(["user", "list"], d);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^alice\tadmin\t\S+Z\tactive\t0\nbob\tanalyst\t\S+Z\tdisabled\t2\n$/);
    const json = ndjson((await run(["user", "list", "--json"], d)).stdout);
    assert.deepEqual(
      json.map(({ created: _c, ...rest }) => rest),
      [
        { name: "alice", role: "admin", disabled: false, keys: 0 },
        { name: "bob", role: "analyst", disabled: true, keys: 2 },
      ],
    );
  });

  it("changes roles, never taking away the last enabled admin", async () => {
    const d = db();
    await run(["user", "add", "root", "--role", "admin"], d);
    await run(["user", "add", "ann"], d);
    const r = await run(["user", "set-role", "ann", "analyst"], d);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "user ann: reader → analyst\n");
    for (const args of [
      ["set-role", "root", "reader"],
      ["disable", "root"],
      ["remove", "root"],
    ]) {
      const refused = await run(["user", ...args], d);
      assert.equal(refused.status, 1, args.join(" "));
      assert.equal(
        refused.stderr,
        "dnsight: root is the last enabled admin: make another admin first\n",
      );
    }
    assert.equal((await run(["user", "set-role", "ann", "admin"], d)).status, 0);
    assert.equal((await run(["user", "set-role", "root", "reader"], d)).status, 0);
    assert.equal((await run(["user", "set-role", "nobody", "admin"], d)).status, 1);
    assert.equal((await run(["user", "set-role", "ann", "boss"], d)).status, 2);
    const log = (await audit(d)).map(line).slice(2);
    assert.deepEqual(log, [
      "cli:tester user.set-role ann ok reader → analyst",
      "cli:tester user.set-role root failed root is the last enabled admin: make another admin first",
      "cli:tester user.disable root failed root is the last enabled admin: make another admin first",
      "cli:tester user.remove root failed root is the last enabled admin: make another admin first",
      "cli:tester user.set-role ann ok analyst → admin",
      "cli:tester user.set-role root ok admin → reader",
      "cli:tester user.set-role nobody failed no user named nobody (see 'dnsight user list')",
    ]);
  });

  it("passwd sets a new password and ends the user's sessions", async () => {
    const d = db();
    await run(["user", "add", "alice"], d, "the first one\n");
    const token = newSessionToken();
    const now = Math.floor(Date.now() / 1000);
    await inStore(d, (s) =>
      s.sessions!.createSession(token, {
        user: "alice",
        createdAt: now,
        expiresAt: now + 600,
        lastUsedAt: now,
      }),
    );
    const r = await run(["user", "passwd", "alice"], d, "the second one\n");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "");
    const u = await inStore(d, (s) => s.users!.getUser("alice"));
    assert.equal(await verifyPassword("the second one", u?.passwordHash), true);
    assert.equal(await verifyPassword("the first one", u?.passwordHash), false);
    assert.equal(await inStore(d, (s) => s.sessions!.getSession(token, now)), undefined);
    const gen = await run(["user", "passwd", "alice"], d);
    const after = await inStore(d, (s) => s.users!.getUser("alice"));
    assert.equal(await verifyPassword(gen.stdout.trim(), after?.passwordHash), true);
    assert.equal((await run(["user", "passwd", "nobody"], d, "whatever123\n")).status, 1);
    assert.deepEqual((await audit(d)).map(line).slice(1), [
      "cli:tester user.passwd alice ok",
      "cli:tester user.passwd alice ok",
      "cli:tester user.passwd nobody failed no user named nobody (see 'dnsight user list')",
    ]);
  });

  it("remove revokes the user's keys, which then stay listed; disable and enable", async () => {
    const d = db();
    await run(["user", "add", "root", "--role", "admin"], d);
    await run(["user", "add", "bob", "--role", "analyst"], d);
    const made = await run(["apikey", "create", "--user", "bob", "--name", "bob-script"], d);
    assert.equal(made.status, 0, made.stderr);
    assert.equal((await run(["user", "disable", "bob"], d)).stderr, "user bob disabled\n");
    assert.equal((await run(["user", "enable", "bob"], d)).stderr, "user bob enabled\n");
    const r = await run(["user", "remove", "bob"], d);
    assert.equal(r.status, 0, r.stderr);
    const keys = ndjson<{ user?: string; revoked?: string }>(
      (await run(["apikey", "list", "--json"], d)).stdout,
    );
    assert.equal(keys.length, 1);
    assert.equal(keys[0]!.user, "bob");
    assert.ok(keys[0]!.revoked, "revoked");
    assert.equal((await run(["user", "remove", "bob"], d)).status, 1);
    assert.deepEqual(
      ndjson<{ name: string }>((await run(["user", "list", "--json"], d)).stdout).map(
        (u) => u.name,
      ),
      ["root"],
    );
    assert.deepEqual((await audit(d)).map((e) => `${e.action} ${e.target} ${e.outcome}`).slice(2), [
      `apikey.create ${/created API key (\w+) /.exec(made.stderr)?.[1]} ok`,
      "user.disable bob ok",
      "user.enable bob ok",
      "user.remove bob ok",
      "user.remove bob failed",
    ]);
  });
});
