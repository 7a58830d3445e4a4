// Login sessions outlive a restart of `dnsight serve`: the key of their CSRF tokens
// is kept beside the database (DB.session-secret, mode 0600, made on first use) or
// in --session-secret-file, so the token the UI holds still works afterwards, and
// two servers on one store agree.
import assert from "node:assert/strict";
import { type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cli } from "../helpers/cli.js";
import { assertLoopback, freePort } from "../helpers/ports.js";
import { spawnServe, type ServeChild } from "../helpers/serve.js";
import { makeTmpDir, type TmpDir } from "../helpers/tmp.js";

const HOST = "127.0.0.1";
assertLoopback(HOST);
const PASSWORD = "correct horse battery";

describe("a stable session secret", () => {
  let dir: TmpDir;
  let db: string;
  const children: ChildProcess[] = [];
  before(async () => {
    dir = makeTmpDir("secret");
    db = join(dir.path, "s.db");
    const made = await cli(["user", "add", "alice", "--role", "analyst", "--db", db], {
      stdin: `${PASSWORD}\n`,
    });
    assert.equal(made.status, 0, made.stderr);
  });
  after(() => {
    for (const c of children) c.kill("SIGKILL");
    dir.remove();
  });

  async function serve(extra: string[] = []): Promise<{ s: ServeChild; base: string }> {
    const port = await freePort(HOST);
    const s = await spawnServe({ db, host: HOST, port, extra });
    children.push(s.child);
    return { s, base: `http://${HOST}:${port}/api/v1` };
  }
  async function stop(s: ServeChild): Promise<void> {
    s.child.kill("SIGTERM");
    assert.equal(await s.exit, 0);
  }
  async function logIn(base: string): Promise<{ cookie: string; csrf: string }> {
    const res = await fetch(`${base}/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: "alice", password: PASSWORD }),
    });
    assert.equal(res.status, 200);
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
    return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  }

  it("keeps a session's CSRF token across a restart and between two servers", async () => {
    const first = await serve();
    const file = `${db}.session-secret`;
    assert.match(first.s.stderr(), new RegExp(`made the session secret .*s\\.db\\.session-secret`));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const { cookie, csrf } = await logIn(first.base);
    const second = await serve();
    const seen = await fetch(`${second.base}/session`, { headers: { cookie } });
    assert.equal(
      ((await seen.json()) as { csrfToken: string }).csrfToken,
      csrf,
      "both servers agree",
    );
    await stop(second.s);
    await stop(first.s);
    const again = await serve();
    assert.doesNotMatch(again.s.stderr(), /made the session secret/);
    // A state change with the token the UI got before the restart.
    const out = await fetch(`${again.base}/session`, {
      method: "DELETE",
      headers: { cookie, "x-csrf-token": csrf },
    });
    assert.equal(out.status, 204, await out.text());
    await stop(again.s);
  });

  it("takes --session-secret-file instead, making it if missing, refusing a short one", async () => {
    const own = join(dir.path, "own-secret");
    const a = await serve(["--session-secret-file", own]);
    assert.equal(statSync(own).mode & 0o777, 0o600);
    const { cookie, csrf } = await logIn(a.base);
    await stop(a.s);
    const b = await serve(["--session-secret-file", own]);
    const seen = await fetch(`${b.base}/session`, { headers: { cookie } });
    assert.equal(((await seen.json()) as { csrfToken: string }).csrfToken, csrf);
    await stop(b.s);
    const c = await serve();
    const other = await fetch(`${c.base}/session`, { headers: { cookie } });
    assert.notEqual(
      ((await other.json()) as { csrfToken: string }).csrfToken,
      csrf,
      "the default file is another secret",
    );
    await stop(c.s);
    const short = join(dir.path, "short");
    writeFileSync(short, "too short\n", { mode: 0o600 });
    const r = await cli(["serve", "--db", db, "--port", "0", "--session-secret-file", short]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^dnsight: session secret .*short: at least 32 characters/);
    assert.ok(existsSync(own) && readFileSync(own, "utf8").trim().length >= 32);
  });
});
