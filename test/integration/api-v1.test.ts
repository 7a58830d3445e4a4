// /api/v1 over a real socket on 127.0.0.1: the same answers as in-process (status,
// the headers that matter, body) and the same log lines; a body refused with 413 and
// the connection closed unread, as on the DNSDB endpoints; and the real
// `dnsight serve` answering health, the OpenAPI document and a keyed search.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { inProcessApi, type InProcessApi } from "../../src/api/in-process.js";
import { cli } from "../helpers/cli.js";
import { assertLoopback, freePort } from "../helpers/ports.js";
import { spawnServe } from "../helpers/serve.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { FIXTURE, startRig, type SocketRig } from "../unit/api/_server.js";

const HOST = "127.0.0.1";
assertLoopback(HOST);

describe("/api/v1 over a socket on 127.0.0.1", () => {
  let rig: SocketRig;
  let api: InProcessApi;
  const inLog: string[] = [];
  before(async () => {
    rig = await startRig({ pageSize: 3 });
    api = inProcessApi({ store: rig.store, log: (l) => inLog.push(l), pageSize: 3 });
  });
  after(async () => {
    await api.close();
    await rig.close();
  });

  it("answers what the in-process call answers, with the status each route must give", async () => {
    const read = { "x-api-key": rig.key };
    const cases: Array<[string, Record<string, string>, number, string?]> = [
      ["/api/v1/health", {}, 200],
      ["/api/v1/pdns/search?query=*.example.org&limit=4", read, 200],
      ["/api/v1/pdns/search?query=www.example.com&limit=x", read, 400],
      ["/api/v1/pdns/summary?query=192.0.2.0/24", read, 200],
      ["/api/v1/pdns/timeline?query=www.example.com", read, 200],
      ["/api/v1/alerts?status=open", read, 200],
      ["/api/v1/alerts/none", read, 404],
      ["/api/v1/apikeys", read, 403],
      ["/api/v1/pdns/search?query=x.example", {}, 401],
      ["/api/v1/pdns/search?query=x.example", { "x-api-key": "dns_000000000000_nope" }, 403],
      ["/api/v1/pdns/search", read, 405, "DELETE"],
      ["/api/v1/nowhere", read, 404],
      ["/api/v1/openapi.json", {}, 200],
      ["/api/v1/docs", {}, 200],
    ];
    await new Promise((r) => setTimeout(r, 50));
    rig.log.length = 0;
    for (const [path, headers, status, method = "GET"] of cases) {
      const overSocket = await fetch(rig.base + path, { method, headers });
      const inProcess = await api.request(path, { method, headers });
      const what = `${method} ${path}`;
      assert.equal(overSocket.status, status, what);
      assert.equal(inProcess.status, status, what);
      for (const h of [
        "content-type",
        "www-authenticate",
        "allow",
        "link",
        "content-security-policy",
      ])
        assert.equal(overSocket.headers.get(h), inProcess.headers.get(h), `${what}: ${h}`);
      const body = await overSocket.text();
      assert.ok(body.length > 0, what);
      assert.equal(body, await inProcess.text(), what);
    }
    await new Promise((r) => setTimeout(r, 50));
    const shape = (l: string): string => l.replace(/ \d+ms /, " _ms ");
    assert.equal(rig.log.length, cases.length);
    assert.deepEqual(rig.log.map(shape), inLog.map(shape));
  });

  it("a GET with a body: 413 problem at once, the connection closed without reading it", async () => {
    const socket = connect(rig.server.port, HOST);
    let text = "";
    socket.on("data", (b: Buffer) => (text += b.toString()));
    const closed = new Promise<void>((r) => socket.once("close", () => r()));
    socket.write(
      `GET /api/v1/health HTTP/1.1\r\nHost: ${HOST}\r\nContent-Length: 1000000\r\n\r\nsome`,
    );
    await closed;
    assert.match(text, /^HTTP\/1\.1 413 /);
    assert.match(text, /content-type: application\/problem\+json/i);
    assert.match(text, /"status":413/);
  });
});

describe("/api/v1 on `dnsight serve`", () => {
  const dir = makeTmpDir("serve-v1", { after });
  const db = join(dir.path, "serve.db");
  let child: ChildProcess | undefined;
  after(() => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
  });

  it("answers health and the document without a key, and a search with one; SIGTERM stops it", async () => {
    const made = await cli(["apikey", "create", "--name", "v1", "--db", db]);
    assert.equal(made.status, 0, made.stderr);
    const key = made.stdout.trim();
    const { openStore } = await import("../../src/store/open.js");
    const store = await openStore(db);
    try {
      await store.writeObservations(FIXTURE);
    } finally {
      await store.close();
    }
    const port = await freePort(HOST);
    const s = await spawnServe({ db, host: HOST, port });
    const c = s.child;
    child = c;
    const exit = s.exit;
    const base = `http://${HOST}:${port}/api/v1`;
    const health = await fetch(`${base}/health`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, "ok");
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as { openapi: string };
    assert.equal(doc.openapi, "3.1.0");
    const none = await fetch(`${base}/pdns/search?query=www.example.com`);
    assert.equal(none.status, 401);
    const res = await fetch(`${base}/pdns/search?query=www.example.com&rrtype=A`, {
      headers: { "x-api-key": key },
    });
    assert.equal(res.status, 200);
    const page = (await res.json()) as { rows: Array<{ rdata: string }> };
    assert.deepEqual([...new Set(page.rows.map((r) => r.rdata))].sort(), [
      "192.0.2.1",
      "192.0.2.2",
      "192.0.2.9",
    ]);
    c.kill("SIGTERM");
    assert.equal(await exit, 0);
    assert.match(s.stderr(), /GET \/api\/v1\/pdns\/search 200 \d+ms 4 rows/);
  });
});
