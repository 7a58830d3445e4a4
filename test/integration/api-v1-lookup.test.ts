// /api/v1/lookup/{name} and /lookup/{name}/authoritative against real name servers:
// three Knots on their own 127.x addresses, one port (serve --ns-port), the third
// changed behind the others' back. The answers equal what `dnsight lookup --json`
// and `--authoritative --json` print for the same servers; a hostile TXT record
// comes back as JSON text; no DNS server configured is a 503.
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { endpointOf } from "../../src/dns/client/endpoint.js";
import { inProcessRig, type ApiRig } from "../unit/api/_server.js";
import { answerChecker, fetchDoc, operations, type Doc } from "../unit/api/_v1.js";
import { cli, ndjson } from "../helpers/cli.js";
import { startKnot, type KnotServer } from "../helpers/knot.js";
import { freePort } from "../helpers/ports.js";

const net = `127.${randomInt(20, 250)}.${randomInt(1, 250)}`;
const addr = (i: number): `127.${number}.${number}.${number}` =>
  `${net}.${i}` as `127.${number}.${number}.${number}`;
const HOSTILE = `<img src=x onerror=alert(1)>`;

const zone = (www: string): string =>
  [
    "@ 300 SOA ns1 hostmaster 1 3600 900 604800 300",
    ...[1, 2, 3].map((i) => `@ 300 NS ns${i}`),
    ...[1, 2, 3].map((i) => `ns${i} 300 A ${addr(i)}`),
    "@ 300 MX 10 mail",
    "mail 300 A 192.0.2.25",
    `www 300 A ${www}`,
    `txt 300 TXT "${HOSTILE}"`,
  ].join("\n") + "\n";

interface Result {
  name: string;
  type: string;
  status: string;
  answers: Array<{ type: string; data: string }>;
  resolver: string;
}

describe("/api/v1/lookup against Knot", () => {
  const servers: KnotServer[] = [];
  let port = 0;
  let rig: ApiRig;
  let bare: ApiRig;
  let doc: Doc;
  before(async () => {
    port = await freePort(addr(1));
    for (const i of [1, 2, 3])
      servers.push(
        await startKnot({
          zones: [{ origin: "lab.test", text: zone(i === 3 ? "203.0.113.66" : "192.0.2.1") }],
          address: addr(i),
          port,
        }),
      );
    rig = await inProcessRig({ dns: { servers: [endpointOf(addr(1), port)], nsPort: port } });
    bare = await inProcessRig();
    doc = await fetchDoc(rig);
  });
  after(async () => {
    await rig?.close();
    await bare?.close();
    for (const s of servers) await s.stop();
  });

  const get = async (path: string, status = 200): Promise<unknown> => {
    const res = await rig.get(`/api/v1${path}`);
    const body: unknown = await res.json();
    assert.equal(res.status, status, `${path}: ${JSON.stringify(body)}`);
    const template = path.split("?")[0]!.replace(/^\/lookup\/[^/]+/, "/lookup/{name}");
    answerChecker(doc)(
      operations(doc).find((o) => o.path === template)!,
      status,
      res.headers.get("content-type")!,
      body,
    );
    return body;
  };

  it("gives a DNS result per type, as dnsight lookup --json does", async () => {
    const { name, results } = (await get("/lookup/lab.test?type=MX&type=a,SOA")) as {
      name: string;
      results: Result[];
    };
    assert.equal(name, "lab.test");
    assert.deepEqual(
      results.map((r) => [r.type, r.status]),
      [
        ["MX", "NOERROR"],
        ["A", "NOERROR"],
        ["SOA", "NOERROR"],
      ],
    );
    const r = await cli([
      "lookup",
      "lab.test",
      "-t",
      "MX",
      "-t",
      "A",
      "-t",
      "SOA",
      "--server",
      `${addr(1)}:${port}`,
      "--json",
      "--no-store",
    ]);
    assert.equal(r.status, 0, r.stderr);
    const strip = ({ timestamp: _t, durationMs: _d, ...rest }: Result & Record<string, unknown>) =>
      rest;
    assert.deepEqual(
      results.map((x) => strip(x as never)),
      ndjson<Result & Record<string, unknown>>(r.stdout).map(strip),
    );
  });

  it("asks the default types, NXDOMAIN is a 200, hostile TXT is JSON text", async () => {
    const all = (await get("/lookup/txt.lab.test")) as { results: Result[] };
    assert.deepEqual(
      all.results.map((x) => x.type),
      ["A", "AAAA", "NS", "MX", "TXT", "CNAME", "SOA"],
    );
    const txt = all.results.find((x) => x.type === "TXT")!;
    assert.deepEqual(
      txt.answers.map((a) => a.data),
      [`"${HOSTILE}"`],
    );
    const nx = (await get("/lookup/nothing.lab.test?type=A")) as { results: Result[] };
    assert.equal(nx.results[0]!.status, "NXDOMAIN");
  });

  it("shows each authoritative server's answer, the changed one marked", async () => {
    const { reports } = (await get("/lookup/www.lab.test/authoritative?type=A,MX")) as {
      reports: Array<{
        type: string;
        zone: string;
        consistent: boolean;
        answers: Array<Result & { nameserver: string; disagrees: boolean; issues: string[] }>;
      }>;
    };
    assert.deepEqual(
      reports.map((r) => [r.type, r.zone, r.consistent]),
      [
        ["A", "lab.test", false],
        ["MX", "lab.test", true],
      ],
    );
    const a = reports[0]!.answers.map((x) => [
      x.nameserver,
      x.resolver,
      x.answers.map((y) => y.data).join(),
      x.disagrees,
    ]);
    assert.deepEqual(a.sort(), [
      ["ns1.lab.test", `${addr(1)}:${port}`, "192.0.2.1", false],
      ["ns2.lab.test", `${addr(2)}:${port}`, "192.0.2.1", false],
      ["ns3.lab.test", `${addr(3)}:${port}`, "203.0.113.66", true],
    ]);
  });

  it("400s a bad type, 404s a path that is no name, 503s without DNS servers", async () => {
    for (const [q, message] of [
      ["type=NOPE", /record type/],
      ["type=AXFR", /zone transfers/],
      [`type=${Array.from({ length: 17 }, (_, i) => `TYPE${i + 100}`).join(",")}`, /at most 16/],
    ] as const) {
      const p = (await get(`/lookup/lab.test?${q}`, 400)) as {
        errors: Array<{ name: string; message: string }>;
      };
      assert.equal(p.errors[0]!.name, "type", q);
      assert.match(p.errors[0]!.message, message, q);
    }
    await get(`/lookup/${encodeURIComponent("a\u0001b.test")}`, 404);
    await get(`/lookup/${"a".repeat(64)}.test/authoritative`, 404);
    const res = await bare.get("/api/v1/lookup/lab.test");
    assert.equal(res.status, 503);
    assert.match(((await res.json()) as { detail: string }).detail, /no DNS server/);
  });

  it("502s when the zone cannot be found through the resolvers", async () => {
    const stray = await inProcessRig({
      dns: { servers: [endpointOf(addr(3), port)], nsPort: port },
    });
    try {
      // Knot refuses a zone it does not serve: the walk finds no name servers.
      const res = await stray.get("/api/v1/lookup/www.elsewhere.test/authoritative?type=A");
      assert.equal(res.status, 502, await res.clone().text());
      assert.match(((await res.json()) as { detail: string }).detail, /cannot find the zone/);
    } finally {
      await stray.close();
    }
  });
});
