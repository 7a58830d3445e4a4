// The first /ips call loads the IP → AS and country tables (1–10 s of CPU on this
// machine). It must not hold the server: requests made meanwhile are answered at once.
// Alone in its file, so the tables are not already loaded by another test.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { inProcessRig, type ApiRig } from "./_server.js";

describe("/api/v1/ips while the IP tables load", () => {
  let rig: ApiRig;
  before(async () => {
    rig = await inProcessRig({}, []);
  });
  after(() => rig.close());

  it("answers other requests while the first /ips call waits for the tables", async () => {
    let done = false;
    const started = performance.now();
    const first = rig.get("/api/v1/ips/8.8.8.8").then(async (res) => {
      done = true;
      return { status: res.status, body: (await res.json()) as { asn: { number: number } } };
    });
    let last = performance.now();
    let widest = 0;
    let answered = 0;
    while (!done) {
      const res = await rig.get("/api/v1/health");
      assert.equal(res.status, 200);
      await res.arrayBuffer();
      answered++;
      const now = performance.now();
      widest = Math.max(widest, now - last);
      last = now;
      await new Promise((r) => setTimeout(r, 10));
    }
    const took = performance.now() - started;
    const ip = await first;
    assert.equal(ip.status, 200);
    assert.equal(ip.body.asn.number, 15169);
    assert.ok(answered >= 3, `${answered} health answers during a ${took} ms load`);
    assert.ok(
      widest < Math.max(300, took / 3),
      `the server went ${widest} ms without answering during a ${took} ms load`,
    );
  });
});
