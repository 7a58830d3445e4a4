// `dnsight monitor --once` end to end through the CLI, registration side: an RDAP
// server on loopback (named localhost in the bootstrap, as registries are named by
// host name) replays a real registry answer (google.com's, renamed), then
// the same registration with its transfer and update locks lifted and another
// registrar. The DNS check fails all along (its resolver is down): the pass says so,
// exits 1, and the registration check still runs and raises its alerts.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { alertKeys, cli, ndjson, type AlertLine } from "../helpers/cli.js";
import { listenLocalhost, type LocalhostServer } from "../helpers/localhost-server.js";
import { makeTmpDir } from "../helpers/tmp.js";

const fixture = (f: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../shared/fixtures/${f}`, import.meta.url)), "utf8");

interface Rdap {
  ldhName: string;
  status: string[];
  entities: {
    roles: string[];
    handle?: string;
    publicIds?: { type: string; identifier: string }[];
    vcardArray?: [string, unknown[][]];
  }[];
}

function registration(hijacked: boolean): string {
  const d = JSON.parse(fixture("rdap/meeb-whoisit/data_rdap_response_domain1.json")) as Rdap;
  d.ldhName = "WATCHED.TEST";
  if (hijacked) {
    d.status = d.status.filter((s) => !/^client (transfer|update) prohibited$/.test(s));
    const registrar = d.entities.find((e) => e.roles.includes("registrar"))!;
    registrar.handle = "4242";
    registrar.publicIds = [{ type: "IANA Registrar ID", identifier: "4242" }];
    registrar.vcardArray![1] = registrar.vcardArray![1].map((p) =>
      p[0] === "fn" ? ["fn", {}, "text", "Shady Registrar LLC"] : p,
    );
  }
  return JSON.stringify(d);
}

/** A lookalike registered three days ago, its registrant behind a privacy service. */
/** Three days and an hour before the test ran: "registered 3 days ago" whenever asked. */
const LOOKALIKE_CREATED = new Date(Date.now() - 3 * 86_400_000 - 3_600_000)
  .toISOString()
  .replace(/\.\d+Z$/, "Z");

function lookalikeRegistration(): string {
  const d = JSON.parse(fixture("rdap/meeb-whoisit/data_rdap_response_domain1.json")) as Rdap & {
    events: { eventAction: string; eventDate: string }[];
  };
  d.ldhName = "BRANDC0.TEST";
  d.events = [
    {
      eventAction: "registration",
      eventDate: LOOKALIKE_CREATED,
    },
  ];
  d.entities.push({
    roles: ["registrant"],
    vcardArray: [
      "vcard",
      [
        ["version", {}, "text", "4.0"],
        ["fn", {}, "text", "Privacy service provided by Withheld for Privacy ehf"],
        ["org", {}, "text", "Withheld for Privacy ehf"],
      ],
    ],
  });
  return JSON.stringify(d);
}

describe("monitor --once (CLI): registration changes through a loopback RDAP server", () => {
  const tmp = makeTmpDir("monitor-cli");
  const db = join(tmp.path, "m.db");
  const boot = join(tmp.path, "bootstrap");
  let server: LocalhostServer;
  let hijacked = false;
  let requests = 0;
  const delivered: { rule: string }[] = [];
  let hook: LocalhostServer;

  before(async () => {
    server = await listenLocalhost(() =>
      createServer((req, res) => {
        requests++;
        if (req.url === "/domain/brandc0.test")
          return void res
            .writeHead(200, { "content-type": "application/rdap+json" })
            .end(lookalikeRegistration());
        if (req.url === "/domain/watched.test")
          return void res
            .writeHead(200, { "content-type": "application/rdap+json" })
            .end(registration(hijacked));
        res.writeHead(404).end();
      }),
    );
    hook = await listenLocalhost(() =>
      createServer((req, res) => {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => {
          delivered.push(JSON.parse(body) as { rule: string });
          res.writeHead(200).end();
        });
      }),
    );
    mkdirSync(boot);
    for (const f of ["ipv4", "ipv6", "asn"])
      copyFileSync(
        fileURLToPath(new URL(`../../../shared/fixtures/bootstrap/${f}.json`, import.meta.url)),
        join(boot, `${f}.json`),
      );
    writeFileSync(
      join(boot, "dns.json"),
      JSON.stringify({
        version: "1.0",
        publication: "2026-11-01T00:00:00Z",
        services: [[["test"], [`${server.base}/`]]],
      }),
    );
    assert.equal((await cli(["watch", "add", "watched.test", "--db", db])).status, 0);
  });
  after(() => {
    server.close();
    hook.close();
    tmp.remove();
  });

  const pass = () =>
    cli([
      "monitor",
      "--once",
      "--json",
      "--db",
      db,
      "--server",
      "127.0.0.1:9",
      "--timeout",
      "200",
      "--retries",
      "0",
      "--bootstrap",
      boot,
      "--allow-private",
      "loopback",
      "--protocol",
      "rdap",
      "--webhook",
      `${hook.base}/alerts`,
    ]);

  it("takes a baseline, then alerts on lifted locks and a new registrar, then nothing new", async () => {
    const first = await pass();
    assert.equal(first.status, 1, "the DNS check failed");
    assert.match(first.stderr, /^dnsight: watched\.test: dns: /m);
    assert.match(
      first.stderr,
      /monitor pass: 1 names, 2 checks, 0 findings: 0 new alerts, 0 seen again, 1 checks failed/,
    );
    assert.equal(first.stdout, "");
    assert.equal(requests, 1, "the registration check ran");

    hijacked = true;
    const second = await pass();
    assert.equal(second.status, 1);
    const alerts = ndjson<AlertLine & { evidence: { before?: unknown; after?: unknown }[] }>(
      second.stdout,
    );
    assert.deepEqual(
      alerts.map((a) => `${a.rule} ${a.techniques.join()} ${a.entity} ${a.key}`).sort(),
      [
        "registration.locks-removed T1584.001 watched.test clientTransferProhibited,clientUpdateProhibited",
        "registration.registrar-changed T1584.001 watched.test 4242",
      ],
    );
    for (const a of alerts) {
      assert.deepEqual(a.analytics, ["AN1995"]);
      assert.deepEqual(a.dataComponents, ["DC0101"]);
    }
    const registrar = alerts.find((a) => a.rule === "registration.registrar-changed")!;
    assert.deepEqual(
      registrar.evidence.map((e) => [e.before, e.after]),
      [
        ["MarkMonitor Inc.", "Shady Registrar LLC"],
        ["292", "4242"],
      ],
    );

    // The new alerts went to the webhook too, once each.
    assert.deepEqual(delivered.map((a) => a.rule).sort(), [
      "registration.locks-removed",
      "registration.registrar-changed",
    ]);

    const third = await pass();
    assert.equal(third.stdout, "", "nothing new");
    assert.match(third.stderr, /0 new alerts/);
    assert.equal(delivered.length, 2, "nothing new, nothing sent");
    const listed = await cli(["alerts", "--format", "json", "--db", db]);
    assert.equal(ndjson(listed.stdout).length, 2);
    // Every pass kept its snapshot: the history shows the change.
    const history = await cli(["registration", "history", "watched.test", "--db", db]);
    assert.match(history.stdout, /registrar\.name changed/);
  });

  it("finds a brand's lookalike in passive DNS, registered days ago behind a privacy service", async () => {
    const d = join(tmp.path, "brand.db");
    assert.equal(
      (await cli(["watch", "add", "brandco.test", "--kind", "brand", "--db", d])).status,
      0,
    );
    const cof = join(tmp.path, "seen.cof");
    writeFileSync(
      cof,
      `${JSON.stringify({ rrname: "brandc0.test", rrtype: "A", rdata: "192.0.2.80", time_first: 1_763_000_000, time_last: 1_763_100_000, count: 4 })}\n`,
    );
    const ingested = await cli(["ingest", "cof", cof, "--db", d]);
    assert.equal(ingested.status, 0, ingested.stderr);
    // The ingest itself already saw the lookalike of a watched brand.
    assert.match(ingested.stderr, /brandc0\.test imitates brandco\.test/);
    const r = await cli([
      "monitor",
      "--once",
      "--json",
      "--db",
      d,
      "--bootstrap",
      boot,
      "--allow-private",
      "loopback",
      "--protocol",
      "rdap",
    ]);
    assert.equal(r.status, 0, r.stderr);
    const alerts = ndjson<AlertLine>(r.stdout);
    assert.deepEqual(alertKeys(r.stdout), [
      "lookalike.newly-registered T1583.001 AN2024 brandc0.test brandco.test",
      "lookalike.privacy-at-creation T1583.001 AN2024 brandc0.test brandco.test",
    ]);
    const all = ndjson<{ rule: string; count: number }>(
      (await cli(["alerts", "--format", "json", "--db", d])).stdout,
    );
    // lookalike.seen: raised by the ingest, found again by the monitor.
    assert.deepEqual(all.map((a) => `${a.rule} ${a.count}`).sort(), [
      "lookalike.newly-registered 1",
      "lookalike.privacy-at-creation 1",
      "lookalike.seen 2",
    ]);
    assert.match(
      alerts.find((a) => a.rule === "lookalike.newly-registered")!.summary,
      /registered 3 days ago/,
    );
    // The steady state: nothing new the second time.
    const again = await cli([
      "monitor",
      "--once",
      "--json",
      "--db",
      d,
      "--bootstrap",
      boot,
      "--allow-private",
      "loopback",
      "--protocol",
      "rdap",
    ]);
    assert.equal(again.stdout, "");
  });
});
