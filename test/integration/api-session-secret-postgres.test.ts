// Several `dnsight serve` on different machines share one PostgreSQL state: the key of
// the web UI's CSRF tokens must then be one secret, kept in that state, not a file
// beside a database no other machine sees. Two servers here each have a data store of
// their own (as two machines would) and the same --state: a session opened on one is
// used, with its CSRF token, on the other, and after both restart.
import assert from "node:assert/strict";
import { type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cli } from "../helpers/cli.js";
import { assertLoopback, freePort } from "../helpers/ports.js";
import { sharedPostgres, stopSharedPostgres } from "../helpers/postgres.js";
import { spawnServe, type ServeChild } from "../helpers/serve.js";
import { makeTmpDir, type TmpDir } from "../helpers/tmp.js";

const HOST = "127.0.0.1";
assertLoopback(HOST);
const PASSWORD = "correct horse battery";

describe("the session secret in a PostgreSQL state", () => {
  let dir: TmpDir;
  let state: string;
  const children: ChildProcess[] = [];
  before(async () => {
    dir = makeTmpDir("secret-pg");
    state = await (await sharedPostgres()).freshSchema();
    const made = await cli(
      [
        "user",
        "add",
        "alice",
        "--role",
        "analyst",
        "--db",
        join(dir.path, "a.db"),
        "--state",
        state,
      ],
      { stdin: `${PASSWORD}\n` },
    );
    assert.equal(made.status, 0, made.stderr);
  });
  after(async () => {
    for (const c of children) c.kill("SIGKILL");
    dir.remove();
    await stopSharedPostgres();
  });

  /** A server on a data store of its own ("machine" a or b) and the shared state. */
  async function serve(machine: string): Promise<{ s: ServeChild; base: string }> {
    const port = await freePort(HOST);
    const db = join(dir.path, `${machine}.db`);
    const s = await spawnServe({ db, host: HOST, port, extra: ["--state", state] });
    children.push(s.child);
    return { s, base: `http://${HOST}:${port}/api/v1` };
  }
  async function stop(s: ServeChild): Promise<void> {
    s.child.kill("SIGTERM");
    assert.equal(await s.exit, 0);
  }
  const csrfOf = async (base: string, cookie: string): Promise<string> => {
    const seen = await fetch(`${base}/session`, { headers: { cookie } });
    assert.equal(seen.status, 200);
    return ((await seen.json()) as { csrfToken: string }).csrfToken;
  };

  it("two servers agree on every session's CSRF token, also after both restart", async () => {
    const a = await serve("a");
    const b = await serve("b");
    const res = await fetch(`${a.base}/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: "alice", password: PASSWORD }),
    });
    assert.equal(res.status, 200);
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
    const csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    assert.equal(await csrfOf(b.base, cookie), csrf, "the other machine's server agrees");
    for (const m of ["a", "b"])
      assert.equal(existsSync(join(dir.path, `${m}.db.session-secret`)), false, "no file made");
    await stop(a.s);
    await stop(b.s);
    const again = await serve("b");
    assert.equal(await csrfOf(again.base, cookie), csrf, "after a restart");
    const out = await fetch(`${again.base}/session`, {
      method: "DELETE",
      headers: { cookie, "x-csrf-token": csrf },
    });
    assert.equal(out.status, 204, await out.text());
    await stop(again.s);
  });
});
