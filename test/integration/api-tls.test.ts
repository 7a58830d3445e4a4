// `dnsight serve --tls-cert --tls-key`: HTTPS with a certificate made here by
// openssl for localhost, asked over loopback with that certificate as the only CA;
// the login's cookie is Secure. A missing, malformed or mismatched file is one line
// naming it, before anything listens.
import assert from "node:assert/strict";
import { execFileSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cli } from "../helpers/cli.js";
import { assertLoopback, freePort } from "../helpers/ports.js";
import { spawnServe } from "../helpers/serve.js";
import { makeCert as makeTlsCert } from "../helpers/tls-cert.js";
import { makeTmpDir, type TmpDir } from "../helpers/tmp.js";

const HOST = "127.0.0.1";
assertLoopback(HOST);
const PASSWORD = "correct horse battery";

/** A self-signed certificate for localhost and 127.0.0.1, and its key. */
const makeCert = (dir: string, name: string) => makeTlsCert(dir, name, ["localhost", "127.0.0.1"]);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An HTTPS request to 127.0.0.1 as "localhost", trusting `ca` alone; no agent, no proxy. */
function https(
  port: number,
  ca: Buffer,
  method: string,
  path: string,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: HOST,
        port,
        servername: "localhost",
        ca,
        agent: false,
        method,
        path,
        headers: {
          host: `localhost:${port}`,
          ...(body ? { "content-type": "application/json" } : {}),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (c: string) => (text += c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("serve over HTTPS", () => {
  let dir: TmpDir;
  let db: string;
  let files: { cert: string; key: string };
  let child: ChildProcess | undefined;
  before(async () => {
    dir = makeTmpDir("tls-serve");
    db = join(dir.path, "tls.db");
    files = makeCert(dir.path, "a");
    const made = await cli(["user", "add", "alice", "--role", "admin", "--db", db], {
      stdin: `${PASSWORD}\n`,
    });
    assert.equal(made.status, 0, made.stderr);
  });
  after(() => {
    child?.kill("SIGKILL");
    dir.remove();
  });

  it("answers health over HTTPS, and the login's cookie is Secure", async () => {
    const port = await freePort(HOST);
    const s = await spawnServe({
      db,
      host: HOST,
      port,
      extra: ["--tls-cert", files.cert, "--tls-key", files.key],
    });
    child = s.child;
    assert.match(s.stderr(), new RegExp(`listening on https://${HOST}:${port}`));
    const ca = readFileSync(files.cert);
    const health = await https(port, ca, "GET", "/api/v1/health");
    assert.equal(health.status, 200);
    assert.equal((JSON.parse(health.body) as { status: string }).status, "ok");
    const login = await https(
      port,
      ca,
      "POST",
      "/api/v1/session",
      JSON.stringify({ user: "alice", password: PASSWORD }),
    );
    assert.equal(login.status, 200, login.body);
    const cookie = String(login.headers["set-cookie"]);
    assert.match(
      cookie,
      /^dnsight_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/; Secure$/,
    );
    // Another CA's certificate is refused: the client really checks.
    const other = readFileSync(makeCert(dir.path, "other").cert);
    await assert.rejects(https(port, other, "GET", "/api/v1/health"), /self-signed|certificate/i);
    // Plain HTTP to the TLS port gets no HTTP answer.
    await assert.rejects(fetch(`http://${HOST}:${port}/api/v1/health`));
    s.child.kill("SIGTERM");
    assert.equal(await s.exit, 0);
    child = undefined;
  });

  it("refuses a missing, malformed or mismatched file with one line naming it", async () => {
    const other = makeCert(dir.path, "b");
    const garbage = join(dir.path, "garbage.pem");
    execFileSync("sh", ["-c", `echo not a certificate > '${garbage}'`]);
    const port = String(await freePort(HOST));
    const cases: Array<[string[], number, RegExp]> = [
      [
        ["--tls-cert", join(dir.path, "nope.pem"), "--tls-key", files.key],
        1,
        /^dnsight: TLS certificate .*nope\.pem: cannot read it \(no such file\)\n$/,
      ],
      [
        ["--tls-cert", garbage, "--tls-key", files.key],
        1,
        /^dnsight: TLS certificate .*garbage\.pem: not a PEM certificate/,
      ],
      [
        ["--tls-cert", files.cert, "--tls-key", garbage],
        1,
        /^dnsight: TLS key .*garbage\.pem: not an unencrypted PEM private key/,
      ],
      [
        ["--tls-cert", files.cert, "--tls-key", other.key],
        1,
        /^dnsight: TLS key .*b-key\.pem does not match the certificate .*a-cert\.pem/,
      ],
      [["--tls-cert", files.cert], 2, /--tls-cert and --tls-key go together/],
    ];
    for (const [args, status, pattern] of cases) {
      const r = await cli(["serve", "--db", db, "--host", HOST, "--port", port, ...args]);
      assert.equal(r.status, status, r.stderr);
      assert.match(r.stderr, pattern);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /listening/);
    }
  });
});
