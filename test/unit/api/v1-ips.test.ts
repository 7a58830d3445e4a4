// /api/v1/ips/{ip} and /ips/{ip}/neighbours: the IP page's facts from passive DNS
// (names on the address, PTR names, the /24's other addresses) and the offline AS and
// country tables; a path that holds no address is a 404, a bad query parameter a 400.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { inProcessRig, T, type ApiRig } from "./_server.js";
import { INTEL_ROWS } from "./_intel.js";

describe("/api/v1/ips", () => {
  let rig: ApiRig;
  before(async () => {
    rig = await inProcessRig({}, INTEL_ROWS);
  });
  after(() => rig.close());

  it("lists the names seen on an address, newest last seen first, merged over sensors", async () => {
    const res = await rig.get("/api/v1/ips/192.0.2.1");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/json");
    const body = (await res.json()) as Record<string, unknown>;
    assert.deepEqual(body, {
      ip: "192.0.2.1",
      ptr: ["host1.example.net"],
      asn: null,
      country: null,
      names: [
        { name: "shop.example.com", type: "A", firstSeen: T + 5, lastSeen: T + 5000, count: 7 },
        { name: "www.example.com", type: "A", firstSeen: T, lastSeen: T + 300, count: 7 },
        { name: "old.example.org", type: "A", firstSeen: T - 9000, lastSeen: T - 8000, count: 1 },
      ],
      truncated: false,
    });
  });

  it("caps the names with limit and says truncated", async () => {
    const body = (await (await rig.get("/api/v1/ips/192.0.2.1?limit=1")).json()) as {
      names: Array<{ name: string }>;
      truncated: boolean;
    };
    assert.deepEqual(
      body.names.map((n) => n.name),
      ["shop.example.com"],
    );
    assert.equal(body.truncated, true);
  });

  it("gives AS and country from the offline tables", async () => {
    const body = (await (await rig.get("/api/v1/ips/8.8.8.8")).json()) as {
      asn: { number: number; name: string };
      country: string;
      names: Array<{ name: string }>;
    };
    assert.equal(body.asn.number, 15169);
    assert.match(body.asn.name, /google/i);
    assert.equal(body.country, "US");
    assert.deepEqual(
      body.names.map((n) => n.name),
      ["example.com", "dns.google"],
    );
  });

  it("answers an address nothing was seen on with empty lists", async () => {
    const res = await rig.get("/api/v1/ips/2001:db8::dead");
    assert.equal(res.status, 200);
    const body = (await res.json()) as { names: unknown[]; ptr: unknown[]; truncated: boolean };
    assert.deepEqual([body.names, body.ptr, body.truncated], [[], [], false]);
  });

  it("finds IPv6 names whatever the address's spelling", async () => {
    const body = (await (await rig.get("/api/v1/ips/2001:DB8:0::1")).json()) as {
      ip: string;
      names: Array<{ name: string; type: string }>;
    };
    assert.deepEqual(
      body.names.map((n) => [n.name, n.type]),
      [["www.example.com", "AAAA"]],
    );
    assert.equal(body.ip, "2001:db8::1");
  });

  it("lists the neighbours in the /24 with their names", async () => {
    const res = await rig.get("/api/v1/ips/192.0.2.200/neighbours");
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      network: string;
      ips: Array<{ ip: string; names: string[] }>;
      truncated: boolean;
    };
    assert.equal(body.network, "192.0.2.0/24");
    assert.deepEqual(body.ips.slice(0, 3), [
      { ip: "192.0.2.1", names: ["old.example.org", "shop.example.com", "www.example.com"] },
      { ip: "192.0.2.2", names: ["www.example.com"] },
      { ip: "192.0.2.3", names: ["deep.a.b.example.com"] },
    ]);
    assert.deepEqual(
      body.ips.map((i) => i.ip),
      ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.9", "192.0.2.50", "192.0.2.77"],
    );
    assert.equal(body.truncated, false);
    const capped = (await (
      await rig.get("/api/v1/ips/192.0.2.1/neighbours?limit=2&names=1")
    ).json()) as typeof body;
    assert.deepEqual(capped.ips, [
      { ip: "192.0.2.1", names: ["old.example.org"] },
      { ip: "192.0.2.2", names: ["www.example.com"] },
    ]);
    assert.equal(capped.truncated, true);
    const v6 = (await (await rig.get("/api/v1/ips/2001:db8::99/neighbours")).json()) as typeof body;
    assert.equal(v6.network, "2001:db8::/64");
    assert.deepEqual(v6.ips, [
      { ip: "2001:db8::1", names: ["www.example.com"] },
      { ip: "2001:db8::53", names: ["example.com"] },
    ]);
  });

  it("404s a path that holds no address, 400s a bad query parameter, naming it", async () => {
    for (const path of [
      "/api/v1/ips/no-such-ip",
      "/api/v1/ips/300.1.1.1/neighbours",
      "/api/v1/ips/fe80::1%25eth0",
    ]) {
      const res = await rig.get(path);
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get("content-type"), "application/problem+json");
      assert.match(((await res.json()) as { detail: string }).detail, /path parameter "ip"/);
    }
    for (const [q, name] of [
      ["/api/v1/ips/192.0.2.1?limit=0", "limit"],
      ["/api/v1/ips/192.0.2.1?colour=red", "colour"],
      ["/api/v1/ips/192.0.2.1/neighbours?names=500", "names"],
    ] as const) {
      const res = await rig.get(q);
      assert.equal(res.status, 400, q);
      const p = (await res.json()) as { errors: Array<{ name: string }> };
      assert.ok(
        p.errors.some((e) => e.name === name),
        q,
      );
    }
  });
});
