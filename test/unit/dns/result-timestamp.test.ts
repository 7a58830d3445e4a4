// toDnsResult stamps a result with the clock (formatted once per millisecond, as a
// bulk run makes many results in one) or with the time it is given.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { endpointOf } from "../../../src/dns/client/endpoint.js";
import type { Exchange } from "../../../src/dns/client/stub.js";
import { toDnsResult } from "../../../src/dns/result.js";

const x: Exchange = {
  status: "TIMEOUT",
  server: endpointOf("127.0.0.1", 53),
  protocol: "udp",
  durationMs: 1,
  attempts: 1,
  rejected: 0,
};

describe("toDnsResult timestamp", () => {
  it("is the current time, to the millisecond, as the clock moves", async () => {
    for (let i = 0; i < 5; i++) {
      const before = Date.now();
      const r = toDnsResult("a.test", "A", x);
      const after = Date.now();
      const t = Date.parse(r.timestamp);
      assert.match(r.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.ok(t >= before && t <= after, `${r.timestamp} not in [${before}, ${after}]`);
      await new Promise((res) => setTimeout(res, 3));
    }
  });

  it("is the time given, when one is", () => {
    const at = new Date("2020-01-02T03:04:05.678Z");
    assert.equal(toDnsResult("a.test", "A", x, at).timestamp, "2020-01-02T03:04:05.678Z");
  });
});
