import assert from "node:assert/strict";
import { get } from "node:http";
import { describe, it } from "node:test";
import { prometheusText, serveMetrics } from "../../../src/fleet/metrics.js";

const fetch = (url: string): Promise<{ status: number; body: string; type: string }> =>
  new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, body, type: String(res.headers["content-type"]) }),
      );
    }).on("error", reject);
  });

describe("Prometheus metrics", () => {
  it("writes HELP and TYPE once per name, labels escaped", () => {
    const text = prometheusText([
      { name: "a_total", help: "things", type: "counter", value: 3, labels: { sensor: 'x"y\\z' } },
      { name: "a_total", help: "things", type: "counter", value: 4, labels: { sensor: "w" } },
      { name: "lag", help: "waiting", type: "gauge", value: Number.NaN },
    ]);
    assert.equal(
      text,
      '# HELP a_total things\n# TYPE a_total counter\na_total{sensor="x\\"y\\\\z"} 3\na_total{sensor="w"} 4\n' +
        "# HELP lag waiting\n# TYPE lag gauge\nlag 0\n",
    );
  });

  it("serves /metrics and /healthz, 503 when unhealthy, on loopback", async () => {
    let healthy = true;
    const s = await serveMetrics(
      "127.0.0.1:0",
      async () => [{ name: "x_total", help: "x", type: "counter", value: 1 }],
      () => healthy,
    );
    try {
      assert.match(s.address, /^127\.0\.0\.1:\d+$/);
      const m = await fetch(`http://${s.address}/metrics`);
      assert.equal(m.status, 200);
      assert.match(m.type, /version=0\.0\.4/);
      assert.match(m.body, /^x_total 1$/m);
      assert.equal((await fetch(`http://${s.address}/healthz`)).status, 200);
      healthy = false;
      assert.equal((await fetch(`http://${s.address}/healthz`)).status, 503);
      assert.equal((await fetch(`http://${s.address}/other`)).status, 404);
    } finally {
      await s.close();
    }
  });

  it("refuses an address without a port, naming the option", async () => {
    await assert.rejects(
      serveMetrics(
        "localhost",
        async () => [],
        () => true,
      ),
      /--metrics localhost: give HOST:PORT/,
    );
  });
});
