// `dnsight serve --demo` as a new user runs it: it prints the URL and a password
// once, that password signs in as admin, the samples and their alerts are there,
// and the demo's store is gone when serve stops. --demo with --db is refused.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { cli } from "../helpers/cli.js";
import { freePort } from "../helpers/ports.js";
import { spawnServe, type ServeChild } from "../helpers/serve.js";
import { waitFor } from "../helpers/_process.js";

describe("dnsight serve --demo", () => {
  let served: ServeChild;
  let base: string;
  before(async () => {
    const port = await freePort("127.0.0.1");
    served = await spawnServe({ db: "demo", host: "127.0.0.1", port, timeoutMs: 60_000 });
    base = `http://localhost:${port}`;
    // The password goes to stdout after "listening on" goes to stderr: two pipes, read
    // in either order, so wait for it rather than read stdout at once.
    await waitFor(
      "the demo's password on stdout",
      () => (/is removed when serve stops\)\n/.test(served.stdout()) ? true : undefined),
      10_000,
    );
  });
  after(async () => {
    if (served.child.exitCode === null) {
      served.child.kill("SIGTERM");
      await served.exit;
    }
  });

  it("prints a one-time admin password that signs in, and serves the samples", async () => {
    const out = served.stdout();
    assert.match(
      out,
      /dnsight demo: \d+ passive-DNS observations, 4 registration snapshots, 3 watched names, \d+ alerts/,
    );
    const password = /sign in as "admin" with the password ([A-Za-z0-9_-]{16})\n/.exec(out)?.[1];
    assert.ok(password, out);
    assert.match(out, /open http:\/\/127\.0\.0\.1:\d+\/ /);

    const login = await fetch(`${base}/api/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: "admin", password }),
    });
    assert.equal(login.status, 200);
    const body = (await login.json()) as { role: string };
    assert.equal(body.role, "admin");
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const get = async (path: string): Promise<unknown> => {
      const r = await fetch(`${base}/api/v1${path}`, { headers: { cookie } });
      assert.equal(r.status, 200, path);
      return r.json();
    };
    const alerts = (await get("/alerts?limit=100")) as { alerts: Array<{ techniques: string[] }> };
    const techniques = new Set(alerts.alerts.flatMap((a) => a.techniques));
    assert.ok(techniques.has("T1583.001") && techniques.has("T1584.001"), [...techniques].join());
    const rows = (await get("/pdns/search?query=acmebank.example")) as { rows: unknown[] };
    assert.ok(rows.rows.length >= 8);

    const wrong = await fetch(`${base}/api/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: "admin", password: "not-the-password" }),
    });
    assert.equal(wrong.status, 401);
  });

  it("removes its store when it stops", async () => {
    const dir = /the demo store in (\S+) is removed/.exec(served.stdout())?.[1];
    assert.ok(dir && existsSync(dir), served.stdout());
    served.child.kill("SIGTERM");
    assert.equal(await served.exit, 0);
    assert.equal(existsSync(dir), false);
  });

  it("refuses --demo with --db", async () => {
    const r = await cli(["serve", "--demo", "--db", "x.db", "--port", "0"]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--demo serves a fresh store of its own: drop --db/);
  });
});
