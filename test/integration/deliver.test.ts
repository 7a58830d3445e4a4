// Alert delivery to servers the test runs on loopback: a webhook (named localhost,
// as users name theirs) that fails once and then accepts (signed bodies), one that
// refuses (4xx, not retried), both through the outbox; syslog over UDP and over TCP
// with octet-counting framing.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { createSocket } from "node:dgram";
import { createServer as createHttpServer } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { after, describe, it } from "node:test";
import { alertFromFinding } from "../../src/detect/alert.js";
import { OutboxRunner } from "../../src/deliver/outbox-runner.js";
import { parseSyslogTarget, syslogMessage, syslogSink } from "../../src/deliver/syslog.js";
import { webhookSink } from "../../src/deliver/webhook.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import { listenLocalhost } from "../helpers/localhost-server.js";

const alert = alertFromFinding(
  {
    rule: "dns.ns-changed",
    technique: "T1584.002",
    dataComponents: ["DC0103"],
    entity: "example.com",
    key: "ns.evil.test",
    severity: "high",
    confidence: 80,
    summary: 'NS moved to ns.evil.test ("quoted")',
    evidence: [],
  },
  new Date("2026-11-22T10:00:00Z"),
);
const closers: (() => void)[] = [];
after(() => closers.forEach((c) => c()));

describe("alert delivery", () => {
  it("webhook through the outbox: a 5xx waits for the next round, the body is signed, a 4xx is given up", async () => {
    const got: { body: string; sig: string | undefined }[] = [];
    let calls = 0;
    const server = await listenLocalhost(() =>
      createHttpServer((req, res) => {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => {
          calls++;
          if (req.url === "/refuse") return void res.writeHead(403).end();
          if (calls === 1) return void res.writeHead(503, { "retry-after": "1" }).end();
          got.push({ body, sig: req.headers["x-dnsight-signature"] as string | undefined });
          res.writeHead(204).end();
        });
      }),
    );
    closers.push(() => server.close());
    const base = server.base;
    const store = await openSqliteStore(":memory:");
    closers.push(() => void store.close());
    let now = 1000;
    const ok = webhookSink(`${base}/hook`, { secret: "s3cret" });
    const runner = new OutboxRunner(store.outbox!, [ok], { now: () => now, firstBackoffS: 30 });
    assert.equal(await runner.enqueue([alert]), 1);
    const first = await runner.drain();
    assert.equal(first.delivered, 0);
    assert.deepEqual(first.problems, [
      `webhook ${base}/…: ${alert.id}: HTTP 503; kept in the outbox, next try in 30 s`,
    ]);
    assert.equal((await runner.drain()).delivered, 0, "not due again before its back-off");
    now += 30;
    assert.deepEqual(await runner.drain(), { delivered: 1, problems: [] });
    assert.equal(calls, 2);
    assert.deepEqual(JSON.parse(got[0]!.body), alert);
    assert.equal(
      got[0]!.sig,
      `sha256=${createHmac("sha256", "s3cret").update(got[0]!.body).digest("hex")}`,
    );
    calls = 0;
    const refuse = new OutboxRunner(store.outbox!, [webhookSink(`${base}/refuse`)], {
      now: () => now,
    });
    await refuse.enqueue([alert]);
    assert.deepEqual((await refuse.drain()).problems, [
      `webhook ${base}/…: ${alert.id}: HTTP 403; refused, given up`,
    ]);
    now += 86_400;
    await refuse.drain();
    assert.equal(calls, 1, "a 4xx is not retried");
    assert.deepEqual(
      (await store.outbox!.deliveriesOf(alert.id)).map((d) => [d.state, d.attempts]),
      [
        ["delivered", 2],
        ["failed", 1],
      ],
    );
    assert.throws(() => webhookSink("ftp://x"), {
      code: "INPUT",
      message: "a webhook URL must be an http or https URL, got a ftp: one",
    });
  });

  it("syslog: RFC 5424 over UDP and over TCP with octet counting", async () => {
    const udp = createSocket("udp4");
    const datagrams: string[] = [];
    udp.on("message", (m) => datagrams.push(m.toString()));
    await new Promise<void>((r) => udp.bind(0, "127.0.0.1", r));
    closers.push(() => udp.close());
    const udpSink = syslogSink(parseSyslogTarget(`udp://127.0.0.1:${udp.address().port}`), {
      facility: "local3",
    });
    await udpSink.send(alert, new AbortController().signal);
    for (let i = 0; i < 50 && datagrams.length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    assert.equal(datagrams[0], syslogMessage(alert, "local3"));
    // local3 (19) * 8 + err (3) = 155; version 1; the SD escapes quotes and brackets.
    assert.match(
      datagrams[0]!,
      /^<155>1 2026-11-22T10:00:00\.000Z \S+ dnsight \d+ T1584\.002 \[dnsight@32473 id="al-[0-9a-f]{20}" rule="dns\.ns-changed" technique="T1584\.002" entity="example\.com" severity="high"\] NS moved to ns\.evil\.test \("quoted"\)$/,
    );

    let stream = "";
    const tcp = createTcpServer((s) => s.on("data", (c: Buffer) => (stream += c.toString())));
    await new Promise<void>((r) => tcp.listen(0, "127.0.0.1", r));
    closers.push(() => tcp.close());
    const tcpSink = syslogSink(
      parseSyslogTarget(`tcp://127.0.0.1:${(tcp.address() as { port: number }).port}`),
    );
    assert.deepEqual(await tcpSink.send(alert, new AbortController().signal), { ok: true });
    await tcpSink.send(alert, new AbortController().signal);
    await tcpSink.close?.();
    for (let i = 0; i < 50 && stream.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const msg = syslogMessage(alert);
    assert.equal(stream, `${Buffer.byteLength(msg)} ${msg}`.repeat(2));
    assert.throws(() => parseSyslogTarget("http://x"), {
      code: "INPUT",
      message: 'a syslog target must be udp://HOST[:PORT] or tcp://HOST[:PORT], got "http://x"',
    });
    assert.deepEqual(parseSyslogTarget("tcp://[::1]"), {
      transport: "tcp",
      host: "::1",
      port: 514,
    });
  });
});
