// `dnsight resolve` through both UDP paths, as a user runs it (the built CLI bundle in
// dist/bin, which finds the addon from the package root): DNSIGHT_UDP=mmsg (the
// native batched addon; the run fails if it cannot be loaded) and DNSIGHT_UDP=dgram
// (the fallback) must print the same results against the same Knot. CI builds the
// addon and dist (npm test runs npm run build); here run `npm run build` first.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { startKnot, type KnotServer } from "../helpers/knot.js";
import { makeTmpDir } from "../helpers/tmp.js";

const MAIN = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const N = 3000;
const linux = process.platform === "linux";

function zone(): string {
  let z = "@ 300 SOA ns1 hostmaster 1 3600 900 604800 300\n@ 300 NS ns1\nns1 300 A 127.0.0.1\n";
  for (let i = 0; i < N; i++) z += `h${i} 300 A 10.7.${i >> 8}.${i & 255}\n`;
  z += "h0 300 MX 10 mail\n";
  // Past 1232 bytes: truncated over UDP, fetched again over TCP.
  for (let i = 0; i < 30; i++) z += `big 300 TXT "${"x".repeat(100)}-${i}"\n`;
  return z;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

describe("resolve: the batched addon and the dgram fallback give the same results", () => {
  let knot: KnotServer;
  const tmp = makeTmpDir("udp-paths");
  const names = join(tmp.path, "names.txt");
  before(async () => {
    knot = await startKnot({ zones: [{ origin: "paths.test", text: zone() }] });
    const list = Array.from({ length: N }, (_, i) => `h${i}.paths.test`);
    list.push("big.paths.test", "nx-1.paths.test", "nx-2.paths.test");
    writeFileSync(names, list.join("\n") + "\n");
  });
  after(async () => {
    await knot?.stop();
    tmp.remove();
  });

  const resolve = (udp: string, extra: string[], host = "127.0.0.1"): Run => {
    assert.ok(existsSync(MAIN), `${MAIN} is missing: run npm run build first`);
    const r = spawnSync(
      process.execPath,
      [
        MAIN,
        "resolve",
        names,
        "-t",
        "A,MX,TXT",
        "--server",
        `${host}:${knot.port}`,
        "--no-store",
        ...extra,
      ],
      {
        encoding: "utf8",
        timeout: 120_000,
        maxBuffer: 64 << 20,
        env: { ...process.env, DNSIGHT_UDP: udp, DNSIGHT_RESOLV_CONF: "/nonexistent" },
      },
    );
    assert.equal(r.status, 0, `DNSIGHT_UDP=${udp}: ${r.error?.message ?? r.stderr}`);
    return r;
  };
  /** Output in completion order, sorted; NDJSON without what differs run to run. */
  const canonical = (out: string, json: boolean): string[] =>
    out
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => {
        if (!json) return l;
        const o = JSON.parse(l) as Record<string, unknown>;
        delete o.timestamp;
        delete o.durationMs;
        return JSON.stringify(o);
      })
      .sort();

  for (const [label, extra, json] of [
    ["zone-file lines", [], false],
    ["NDJSON, in the main thread", ["--json", "--threads", "0"], true],
  ] as const) {
    it(
      `prints the same ${label} either way`,
      { skip: linux ? false : "the addon needs Linux" },
      () => {
        const mmsg = resolve("mmsg", [...extra]);
        const dgram = resolve("dgram", [...extra]);
        const a = canonical(mmsg.stdout, json);
        const b = canonical(dgram.stdout, json);
        // (N + 3) names × 3 types; an A record per name, MX and TXT where the zone has them.
        assert.ok(a.length >= N, `${a.length} lines`);
        assert.deepEqual(a, b);
        for (const run of [mmsg, dgram]) {
          assert.match(
            run.stderr,
            new RegExp(`resolved ${N + 3} names \\(${(N + 3) * 3} results\\)`),
          );
          assert.match(run.stderr, /NXDOMAIN 6\b/);
          assert.match(run.stderr, /TCP fallbacks 1,/);
          assert.doesNotMatch(run.stderr, /TIMEOUT|results got no answer/);
        }
        if (!json) {
          assert.ok(a.includes("h2999.paths.test.\t300\tIN\tA\t10.7.11.183"));
          assert.ok(a.includes(";nx-1.paths.test.\tA\tNXDOMAIN"));
        }
      },
    );
  }

  it(
    "takes the server by host name, as users give it, on either path",
    { skip: linux ? false : "the addon needs Linux" },
    () => {
      const mmsg = resolve("mmsg", [], "localhost");
      const dgram = resolve("dgram", [], "localhost");
      const a = canonical(mmsg.stdout, false);
      assert.deepEqual(a, canonical(dgram.stdout, false));
      assert.ok(a.includes("h2999.paths.test.\t300\tIN\tA\t10.7.11.183"));
      assert.match(mmsg.stderr, new RegExp(`resolved ${N + 3} names`));
    },
  );

  it("refuses DNSIGHT_UDP values it does not know", () => {
    const r = spawnSync(
      process.execPath,
      [MAIN, "resolve", names, "--server", `127.0.0.1:${knot.port}`, "--no-store"],
      {
        encoding: "utf8",
        env: { ...process.env, DNSIGHT_UDP: "carrier-pigeon", DNSIGHT_RESOLV_CONF: "/nonexistent" },
      },
    );
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /DNSIGHT_UDP="carrier-pigeon": want "mmsg" or "dgram"/);
  });
});
