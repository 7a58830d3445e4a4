// `dnsight ingest dnstap --listen unix:PATH` as a real process: a real Unbound,
// resolving from a real Knot, streams its dnstap to it; what dig received through
// that Unbound ends up in the store, served from the zone that answered
// (query_zone as bailiwick), and the collector stops cleanly on SIGINT.
import Database from "better-sqlite3";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { canonicalRdata } from "../../src/passive/rdata.js";
import { digAnswers } from "../helpers/dig.js";
import { startKnot } from "../helpers/knot.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { startUnbound } from "../helpers/unbound.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

const ZONE = {
  origin: "tap.test",
  text: `@ 300 SOA ns1 hostmaster 1 3600 900 604800 300
@ 300 NS ns1
ns1 300 A 127.0.0.1
www 300 A 192.0.2.10
www 300 A 192.0.2.11
www 300 AAAA 2001:db8::10
@ 300 MX 10 mail
mail 300 A 192.0.2.25
alias 300 CNAME www
@ 300 TXT "hello world" "two"
`,
};
const QUESTIONS: Array<[string, string]> = [
  ["www.tap.test", "A"],
  ["www.tap.test", "AAAA"],
  ["tap.test", "MX"],
  ["alias.tap.test", "A"],
  ["tap.test", "TXT"],
];

/** dig's answer section as "owner type rdata" lines, owner lowercase without the dot. */
async function dig(host: string, port: number, name: string, type: string): Promise<string[]> {
  return (await digAnswers(host, port, name, type)).map(
    (r) => `${r.name.toLowerCase().replace(/\.$/, "")} ${r.type} ${canonicalRdata(r.type, r.data)}`,
  );
}

interface Row {
  rrname: string;
  rrtype: string;
  rdata: string;
  bailiwick: string;
}

function stored(db: string): Row[] {
  if (!existsSync(db)) return [];
  const conn = new Database(db, { readonly: true });
  try {
    return conn.prepare("SELECT rrname, rrtype, rdata, bailiwick FROM observations").all() as Row[];
  } catch {
    return []; // not migrated yet
  } finally {
    conn.close();
  }
}

describe("dnsight ingest dnstap --listen", () => {
  it(
    "stores what a real Unbound resolved, with query_zone as bailiwick",
    { timeout: 90_000 },
    async (t) => {
      const dir = makeTmpDir("tapcli", t);
      const socket = join(dir.path, "dnstap.sock");
      const db = join(dir.path, "tap.db");
      const child = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          "src/cli/main.ts",
          "ingest",
          "dnstap",
          "--listen",
          `unix:${socket}`,
          "--db",
          db,
          "--sensor",
          "unbound-1",
        ],
        { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
      );
      let stderr = "";
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
      t.after(() => void child.kill("SIGKILL"));
      for (let i = 0; i < 200 && !stderr.includes("listening for dnstap"); i++) await sleep(50);
      assert.match(stderr, /listening for dnstap on unix:/);

      const knot = await startKnot({ zones: [ZONE] }, t);
      const unbound = await startUnbound(
        {
          stubs: [{ zone: ZONE.origin, addrs: [`${knot.host}@${knot.port}`] }],
          dnstap: { socketPath: socket, bidirectional: true },
        },
        t,
      );
      const want = new Set<string>();
      for (const [name, type] of QUESTIONS)
        for (const line of await dig(unbound.host, unbound.port, name, type)) want.add(line);
      assert.ok(want.size >= 6, [...want].join("\n"));

      // The collector writes within its batch delay (2 s): wait for every answer, bounded.
      const have = (): Set<string> =>
        new Set(
          stored(db)
            .filter((r) => r.bailiwick === "tap.test")
            .map((r) => `${r.rrname} ${r.rrtype} ${r.rdata}`),
        );
      for (let i = 0; i < 150 && ![...want].every((w) => have().has(w)); i++) await sleep(100);
      await unbound.stop();
      child.kill("SIGINT");
      assert.equal(await exited, 0, stderr);
      assert.match(stderr, /ingested unix:.*: \d+ items, \d+ observations, \d+ rows written/);

      const rows = stored(db);
      const got = have();
      for (const w of want)
        assert.ok(got.has(w), `dig got "${w}", the store lacks it:\n${[...got].join("\n")}`);
      // Resolver responses carry their zone; nothing stored under it lies outside it.
      for (const r of rows.filter((x) => x.bailiwick !== ""))
        assert.ok(
          r.rrname === r.bailiwick || r.rrname.endsWith(`.${r.bailiwick}`),
          JSON.stringify(r),
        );
      const sensors = new Database(db, { readonly: true })
        .prepare("SELECT DISTINCT sensor_id FROM observations")
        .all();
      assert.deepEqual(sensors, [{ sensor_id: "unbound-1" }]);
    },
  );
});
