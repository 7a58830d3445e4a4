// `dnsight audit` and the audited `dnsight apikey`: keys belong to users, creating and
// revoking are recorded, and the log reads back filtered and paged past 1000 entries.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { checkApiKey } from "../../../src/api/keys.js";
import { keyRole } from "../../../src/store/roles.js";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";
import type { Store } from "../../../src/store/types.js";
import { cli, ndjson } from "../../helpers/cli.js";
import { makeTmpDir } from "../../helpers/tmp.js";

const tmp = makeTmpDir("audit-cli", { after });
let n = 0;
const db = (): string => join(tmp.path, `a${n++}.db`);
const env = { ...process.env, USER: "ops", DNSIGHT_RESOLV_CONF: "/nonexistent" };
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

interface Line {
  time: string;
  actor: string;
  action: string;
  target?: string;
  outcome: string;
  detail?: string;
  id: string;
}

describe("dnsight apikey with users", () => {
  it("creates a key for a user that acts as them; refuses an unknown or disabled user", async () => {
    const d = db();
    await run(["user", "add", "ann", "--role", "analyst"], d);
    await run(["user", "add", "off"], d);
    await run(["user", "disable", "off"], d);
    const r = await run(["apikey", "create", "--user", "ann", "--role", "admin"], d);
    assert.equal(r.status, 0, r.stderr);
    const key = r.stdout.trim();
    assert.match(r.stderr, /^created API key [0-9a-f]{12} \(admin, ann's, acts as analyst\)\n$/);
    const check = await inStore(d, (s) => checkApiKey(s.apiKeys!, key));
    assert.ok(check.ok);
    assert.equal(check.key.user, "ann");
    const owner = await inStore(d, (s) => s.users!.getUser("ann"));
    assert.equal(keyRole(check.key, owner), "analyst");
    for (const [user, status, pattern] of [
      ["nobody", 1, /no enabled user named nobody/],
      ["off", 1, /no enabled user named off/],
      ["Ann", 2, /user "Ann"/],
    ] as const) {
      const bad = await run(["apikey", "create", "--user", user], d);
      assert.equal(bad.status, status, bad.stderr);
      assert.match(bad.stderr, pattern);
      assert.equal(bad.stdout, "", "no key printed");
    }
    // A USER column, last, once a key has a user (a store without keeps its old lines).
    assert.match(
      (await run(["apikey", "list"], d)).stdout,
      /^[0-9a-f]{12}\tadmin\t\S+\tactive\t-\tann\n$/,
    );
    const listed = ndjson<{ user?: string }>((await run(["apikey", "list", "--json"], d)).stdout);
    assert.deepEqual(
      listed.map((k) => k.user),
      ["ann"],
    );
  });

  it("a key without --user works as before, with no user", async () => {
    const d = db();
    const r = await run(["apikey", "create", "--name", "dnsdbq"], d);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /^created API key [0-9a-f]{12} \(read, dnsdbq\)\n$/);
    const check = await inStore(d, (s) => checkApiKey(s.apiKeys!, r.stdout.trim()));
    assert.ok(check.ok && check.key.user === undefined);
    assert.equal(keyRole(check.key, undefined), "reader");
    const [k] = ndjson((await run(["apikey", "list", "--json"], d)).stdout);
    assert.equal("user" in k!, false);
  });

  it("records creating and revoking keys, and a refused revocation", async () => {
    const d = db();
    const made = await run(["apikey", "create", "--name", "ci"], d);
    const id = /created API key (\w+)/.exec(made.stderr)![1]!;
    assert.equal((await run(["apikey", "revoke", id], d)).status, 0);
    assert.equal((await run(["apikey", "revoke", id], d)).status, 1);
    assert.equal((await run(["apikey", "revoke", "nope\x1b[2J"], d)).status, 1);
    const lines = ndjson<Line>((await run(["audit", "--json"], d)).stdout).reverse();
    assert.deepEqual(
      lines.map((l) => `${l.actor} ${l.action} ${l.target} ${l.outcome} ${l.detail ?? ""}`.trim()),
      [
        `cli:ops apikey.create ${id} ok role read, ci`,
        `cli:ops apikey.revoke ${id} ok`,
        `cli:ops apikey.revoke ${id} failed API key ${id} was already revoked at ${/revoked at (\S+)/.exec(lines[2]?.detail ?? "")?.[1]}`,
        'cli:ops apikey.revoke nope\\x1b[2J failed no API key with id "nope\\x1b[2J"',
      ],
    );
  });
});

describe("dnsight audit", () => {
  it("filters by actor, action and time, newest first, as a table or JSON lines", async () => {
    const d = db();
    const T = Date.parse("2026-03-01T00:00:00Z");
    await inStore(d, async (s) => {
      const add = (at: number, actor: string, action: string, outcome: "ok" | "denied" = "ok") =>
        s.audit!.appendAudit({ at, actor, action, target: "x", outcome });
      await add(T, "user:alice", "alert.ack");
      await add(T + 3_600_000, "user:bob", "session.login", "denied");
      await add(T + 86_400_000, "user:alice", "session.login");
      await add(T + 2 * 86_400_000, "key:0123456789ab", "alert.close");
    });
    const pick = async (...args: string[]) =>
      ndjson<Line>((await run(["audit", "--json", ...args], d)).stdout).map(
        (l) => `${l.time} ${l.actor} ${l.action} ${l.outcome}`,
      );
    assert.deepEqual(await pick("--actor", "alice"), [
      "2026-03-02T00:00:00.000Z user:alice session.login ok",
      "2026-03-01T00:00:00.000Z user:alice alert.ack ok",
    ]);
    assert.deepEqual(await pick("--actor", "key:0123456789ab"), [
      "2026-03-03T00:00:00.000Z key:0123456789ab alert.close ok",
    ]);
    assert.deepEqual(await pick("--action", "session.login", "--until", "2026-03-02"), [
      "2026-03-01T01:00:00.000Z user:bob session.login denied",
    ]);
    assert.deepEqual(
      (await pick("--since", "2026-03-01T01:00:00Z", "--limit", "2")).map((l) => l.slice(0, 24)),
      ["2026-03-03T00:00:00.000Z", "2026-03-02T00:00:00.000Z"],
    );
    const text = await run(["audit", "--since", "2026-03-02"], d);
    assert.equal(
      text.stdout,
      "2026-03-03T00:00:00.000Z\tkey:0123456789ab\talert.close\tx\tok\t\n" +
        "2026-03-02T00:00:00.000Z\tuser:alice\tsession.login\tx\tok\t\n",
    );
    const none = await run(["audit", "--actor", "nobody"], d);
    assert.equal(none.status, 0);
    assert.equal(none.stderr, "no audit entries match\n");
    const bad = await run(["audit", "--since", "2026-03-02", "--until", "2026-03-01"], d);
    assert.equal(bad.status, 2);
  });

  it("reads past one page of 1000, each entry once, in order", async () => {
    const d = db();
    const T = Date.parse("2026-03-01T00:00:00Z");
    await inStore(d, async (s) => {
      // 2500 entries over 600 milliseconds: many share a millisecond.
      for (let i = 0; i < 2500; i++)
        await s.audit!.appendAudit({
          at: T + (i % 600),
          actor: "system:test",
          action: "test.entry",
          target: String(i),
          outcome: "ok",
        });
    });
    const all = ndjson<Line>((await run(["audit", "--json"], d)).stdout);
    assert.equal(all.length, 2500);
    assert.equal(new Set(all.map((l) => l.target)).size, 2500);
    for (let i = 1; i < all.length; i++)
      assert.ok(all[i - 1]!.time >= all[i]!.time, `in order at ${i}`);
    const some = ndjson<Line>((await run(["audit", "--json", "--limit", "1500"], d)).stdout);
    assert.deepEqual(some, all.slice(0, 1500));
  });

  it("never creates a database, and refuses a malformed time as usage", async () => {
    const d = db();
    const r = await run(["audit"], d);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no database at/);
    await run(["apikey", "create"], d);
    assert.equal((await run(["audit", "--since", "yesterday"], d)).status, 2);
  });
});
