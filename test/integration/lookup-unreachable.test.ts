// `lookup` to servers that cannot answer, on loopback: a port where nothing listens
// answers with ICMP port unreachable, which ends the attempt at once (dig: "no
// servers could be reached" in milliseconds), and a server that swallows queries
// times out with the time really spent, all attempts together.
import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { describe, it } from "node:test";
import { cli } from "../helpers/cli.js";
import { freePort } from "../helpers/ports.js";

describe("lookup: unreachable servers", () => {
  it("a closed port ends at once and says it refused", async () => {
    const port = await freePort("127.0.0.1");
    const started = performance.now();
    const r = await cli([
      "lookup",
      "www.example.com",
      "--server",
      `127.0.0.1:${port}`,
      "--no-store",
    ]);
    const took = performance.now() - started;
    assert.ok(took < 1000, `took ${Math.round(took)} ms`);
    assert.match(r.stdout, /status: ERROR/);
    assert.match(
      r.stdout,
      new RegExp(
        `127\\.0\\.0\\.1:${port} refused the query \\(ICMP port unreachable: nothing listens there\\); no server could be reached: 3 attempts in 0\\.\\d\\d s`,
      ),
    );
  });

  it("a server that never answers: the message states the time spent", async () => {
    const sink = createSocket("udp4");
    await new Promise<void>((r) => sink.bind(0, "127.0.0.1", r));
    const port = sink.address().port;
    try {
      const started = performance.now();
      const r = await cli([
        "lookup",
        "www.example.com",
        "--server",
        `127.0.0.1:${port}`,
        "--timeout",
        "100",
        "--retries",
        "2",
        "--json",
        "--no-store",
      ]);
      const took = (performance.now() - started) / 1000;
      const out = JSON.parse(r.stdout) as { status: string; error: string; durationMs: number };
      assert.equal(out.status, "TIMEOUT");
      // 100 + 200 + 400 ms: the message says 0.70 s, not the last attempt's timeout.
      const m = /^no answer from 127\.0\.0\.1:\d+: 3 attempts in (\d+\.\d\d) s$/.exec(out.error);
      assert.ok(m, out.error);
      const said = Number(m[1]);
      assert.ok(said >= 0.7 && said <= took + 0.01, `said ${said} s, took ${took} s`);
    } finally {
      sink.close();
    }
  });
});
