// `dnsight monitor` delivering its alerts to webhooks that misbehave, on loopback:
// one that trickles a byte every 3 s, one that never answers, one that is down and
// comes back. A pass never waits on them, every delivery has a deadline, and what
// is not delivered waits in the store's outbox until a later run delivers it, once.
// Four lookalikes of a watched brand in passive DNS give each pass four alerts.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";
import { after, beforeEach, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { cli } from "../helpers/cli.js";
import { freePort } from "../helpers/ports.js";
import { makeTmpDir } from "../helpers/tmp.js";

const MAIN = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const LOOKALIKES = ["paypa1.com", "pay-pal.com", "paypol.com", "paypal-secure.com"];
const servers: Server[] = [];
after(() => servers.forEach((s) => s.closeAllConnections?.() ?? s.close()));

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port = 0,
): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return { server, port: (server.address() as { port: number }).port };
}

/** Resolves with `p`, or rejects after `ms`: a hang is a failure, not a stuck suite. */
function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms).unref(),
    ),
  ]);
}

describe("monitor: deliveries with a deadline, in parallel, through a persisted outbox", () => {
  const tmp = makeTmpDir("deliver");
  let db = "";
  let n = 0;
  const env = (): NodeJS.ProcessEnv => ({
    ...process.env,
    DNSIGHT_DB: db,
    DNSIGHT_RESOLV_CONF: "/nonexistent",
    DNSIGHT_WEBHOOK_SECRET: "",
    HTTP_PROXY: "",
    HTTPS_PROXY: "",
    http_proxy: "",
    https_proxy: "",
  });
  const monitor = (...extra: string[]) =>
    cli(["monitor", "--once", "--no-registration", "--server", "127.0.0.1:9", ...extra], {
      env: env(),
    });

  beforeEach(async () => {
    db = join(tmp.path, `m${++n}.db`);
    const feed = join(tmp.path, "feed.cof");
    writeFileSync(
      feed,
      LOOKALIKES.map((name) =>
        JSON.stringify({
          rrname: name,
          rrtype: "A",
          rdata: "192.0.2.7",
          time_first: 1.7e9,
          time_last: 1.7e9,
          count: 1,
        }),
      ).join("\n") + "\n",
    );
    assert.equal((await cli(["ingest", "cof", feed], { env: env() })).status, 0);
    // Watched after the ingest, so the monitor's pass is what raises the four alerts.
    assert.equal(
      (await cli(["watch", "add", "paypal.com", "--kind", "brand"], { env: env() })).status,
      0,
    );
  });

  it("a webhook that trickles one byte every 3 s costs one deadline, and the alerts wait", async () => {
    const { port } = await listen((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      const t = setInterval(() => res.write("."), 3000);
      res.on("close", () => clearInterval(t));
    });
    const started = Date.now();
    const r = await within(
      20_000,
      monitor("--webhook", `http://localhost:${port}/hook`, "--delivery-timeout", "2s"),
      "monitor --once with a trickling webhook",
    );
    const took = Date.now() - started;
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /4 new alerts/);
    assert.ok(took < 8000, `took ${took} ms`);
    assert.match(r.stderr, /no answer within 2000 ms; kept in the outbox, next try in 30 s/);
    assert.match(r.stderr, /webhook http:\/\/localhost:\d+\/…: 4 alerts waiting in the outbox/);
  });

  it("a webhook that never answers: four alerts cost one deadline, not four", async () => {
    const { port } = await listen(() => {
      /* accepts, reads, never answers */
    });
    const started = Date.now();
    const r = await within(
      20_000,
      monitor("--webhook", `http://127.0.0.1:${port}/hook`, "--delivery-timeout", "2s"),
      "monitor --once with a silent webhook",
    );
    const took = Date.now() - started;
    assert.equal(r.status, 0, r.stderr);
    assert.ok(took < 6000, `took ${took} ms for 4 alerts with a 2 s deadline`);
    assert.match(r.stderr, /4 alerts waiting in the outbox/);
  });

  it("a webhook that is down: the alerts are kept and delivered once when it is back", async () => {
    const port = await freePort("127.0.0.1");
    const url = `http://localhost:${port}/services/T000/B000/S3CRETTOKEN`;
    const down = await monitor("--webhook", url);
    assert.equal(down.status, 0, down.stderr);
    assert.match(down.stderr, /4 alerts waiting in the outbox \(connect ECONNREFUSED/);
    assert.doesNotMatch(
      down.stderr + down.stdout,
      /S3CRETTOKEN|T000/,
      "the URL's token is not printed",
    );

    const secretFile = join(tmp.path, "secret");
    writeFileSync(secretFile, "file-secret\n");
    const got: { path: string; body: string; sig: string }[] = [];
    await listen((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        got.push({ path: req.url!, body, sig: String(req.headers["x-dnsight-signature"]) });
        res.writeHead(204).end();
      });
    }, port);
    const back = await monitor("--webhook", url, "--webhook-secret-file", secretFile);
    assert.equal(back.status, 0, back.stderr);
    assert.match(back.stderr, /0 new alerts, 4 seen again/);
    assert.match(back.stderr, /delivered 4 alert deliveries/);
    assert.deepEqual(
      got.map((g) => (JSON.parse(g.body) as { entity: string }).entity).sort(),
      [...LOOKALIKES].sort(),
    );
    for (const g of got) {
      assert.equal(g.path, "/services/T000/B000/S3CRETTOKEN");
      assert.equal(
        g.sig,
        `sha256=${createHmac("sha256", "file-secret").update(g.body).digest("hex")}`,
      );
    }
    const again = await monitor("--webhook", url);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(got.length, 4, "nothing is delivered twice");
    assert.doesNotMatch(again.stderr, /waiting in the outbox/);
  });

  it("the secret from $DNSIGHT_WEBHOOK_SECRET; one from argv and a file together is refused", async () => {
    const sigs: { body: string; sig: string }[] = [];
    const { port } = await listen((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        sigs.push({ body, sig: String(req.headers["x-dnsight-signature"]) });
        res.writeHead(200).end();
      });
    });
    const r = await cli(
      [
        "monitor",
        "--once",
        "--no-registration",
        "--server",
        "127.0.0.1:9",
        "--webhook",
        `http://localhost:${port}/h`,
      ],
      { env: { ...env(), DNSIGHT_WEBHOOK_SECRET: "env-secret" } },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(sigs.length, 4);
    for (const s of sigs)
      assert.equal(
        s.sig,
        `sha256=${createHmac("sha256", "env-secret").update(s.body).digest("hex")}`,
      );
    const both = await monitor(
      "--webhook",
      "http://localhost:1/h",
      "--webhook-secret",
      "a",
      "--webhook-secret-file",
      "/x",
    );
    assert.equal(both.status, 2);
    assert.match(both.stderr, /not both/);
  });

  it("a running monitor passes on while a webhook stalls, and stops within the deadline", async () => {
    const { port } = await listen(() => {
      /* never answers */
    });
    const child = spawn(
      process.execPath,
      [
        MAIN,
        "monitor",
        "--no-registration",
        "--server",
        "127.0.0.1:9",
        "--delivery-timeout",
        "3s",
        "--webhook",
        `http://localhost:${port}/hook`,
      ],
      { env: env(), stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    try {
      const started = Date.now();
      await within(
        10_000,
        (async () => {
          while (!/monitor pass: .*4 new alerts/.test(stderr))
            await new Promise((r) => setTimeout(r, 50));
        })(),
        "the first pass",
      );
      assert.ok(Date.now() - started < 8000);
      // The delivery goes on beside the monitor and meets its deadline.
      await within(
        10_000,
        (async () => {
          while (!/no answer within 3000 ms; kept in the outbox/.test(stderr))
            await new Promise((r) => setTimeout(r, 50));
        })(),
        "the delivery's deadline",
      );
      child.kill("SIGTERM");
      assert.equal(await within(3000, exited, "stopping"), 0, "SIGTERM is a clean stop");
    } finally {
      child.kill("SIGKILL");
    }
  });
});
