// The login rate limiter on its own clock: a burst, then one attempt per
// window/burst; IPv6 clients counted by their /64, IPv4-mapped ones as IPv4; a flood
// of names does not grow it past its cap.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HttpError } from "../../../src/api/http.js";
import { addressKey, BUCKETS_MAX, LoginLimiter } from "../../../src/api/session/login-limit.js";

const refused = (f: () => void): number => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof HttpError && e.status === 429);
    return Number(e.headers["retry-after"]);
  }
  return 0;
};

describe("LoginLimiter", () => {
  it("lets a burst through, then one attempt per window/burst, telling how long to wait", () => {
    let ms = 0;
    const l = new LoginLimiter({ loginPerUser: 3, loginPerAddress: 0, loginWindow: 60 }, () => ms);
    for (let i = 0; i < 3; i++)
      assert.equal(
        refused(() => l.admit("alice", "192.0.2.1")),
        0,
      );
    assert.equal(
      refused(() => l.admit("alice", "192.0.2.2")),
      20,
    );
    ms += 15_000;
    assert.equal(
      refused(() => l.admit("alice", "192.0.2.1")),
      5,
    );
    ms += 5_000;
    assert.equal(
      refused(() => l.admit("alice", "192.0.2.1")),
      0,
    );
    assert.equal(
      refused(() => l.admit("alice", "192.0.2.1")),
      20,
    );
  });

  it("counts an IPv6 client by its /64 and an IPv4-mapped one as IPv4", () => {
    assert.equal(addressKey("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
    assert.equal(addressKey("2001:db8:1:2:bbbb:cccc:dddd:eeee"), "2001:db8:1:2::/64");
    assert.equal(addressKey("::ffff:192.0.2.7"), "192.0.2.7");
    assert.equal(addressKey(undefined), "local");
    const l = new LoginLimiter({ loginPerUser: 0, loginPerAddress: 2, loginWindow: 60 }, () => 0);
    l.admit("a", "2001:db8::1");
    l.admit("b", "2001:db8::2");
    assert.ok(refused(() => l.admit("c", "2001:db8::ffff")) > 0, "same /64");
    assert.equal(
      refused(() => l.admit("c", "2001:db8:0:1::1")),
      0,
      "another /64",
    );
  });

  it("keeps at most BUCKETS_MAX names, dropping full buckets before spent ones", () => {
    let ms = 0;
    const l = new LoginLimiter({ loginPerUser: 2, loginPerAddress: 0, loginWindow: 60 }, () => ms);
    for (let i = 0; i < BUCKETS_MAX; i++) l.admit(`n${i}`, "192.0.2.1");
    // Half a minute on, the flood's buckets are full again (one attempt per 30 s).
    ms += 30_000;
    l.admit("victim", "192.0.2.1");
    l.admit("victim", "192.0.2.1");
    for (let i = 0; i < 10; i++) l.admit(`m${i}`, "192.0.2.1");
    const size = (l as unknown as { users: { map: Map<string, unknown> } }).users.map.size;
    assert.ok(size <= BUCKETS_MAX, String(size));
    assert.ok(refused(() => l.admit("victim", "192.0.2.1")) > 0, "the spent bucket was kept");
  });
});
