// The built CLI (dist/cli/main.js and the bundles in dist/bin, scripts/build-cli.mjs),
// run as a user runs it: every command loads from its own bundle, an error a
// command's bundle throws is mapped to its exit status by the entry's, and a one-name
// `lookup` loads only the entry and the lookup bundle — no store backend, no package —
// which is what keeps its start-up short (issue 17). Needs `npm run build` first, as
// `npm test` does.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ROOT } from "../../src/cli/root.js";
import { startKnot, type KnotServer } from "../helpers/knot.js";
import { makeTmpDir } from "../helpers/tmp.js";

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../../", import.meta.url));
const MAIN = join(REPO, "dist", "cli", "main.js");
const BIN = join(REPO, "dist", "bin");

const js = (source: string): string => `data:text/javascript,${encodeURIComponent(source)}`;
// A module hook that names every module the ES loader loads (files, packages, builtins)
// on stderr.
const TRACE_FILES = js(
  `import { register } from "node:module"; register(${JSON.stringify(
    js(
      // fs.writeSync: the hook runs on a thread of its own, whose process.stderr
      // would not be flushed before the process ends.
      'import { writeSync } from "node:fs"; export async function load(url, context, next) { const r = await next(url, context); writeSync(2, "LOADED " + url + "\\n"); return r; }',
    ),
  )});`,
);
// The builtins loaded by the end (apart from the hook above, whose thread loads its own).
const TRACE_BUILTINS = js(
  'process.on("exit", () => process.stderr.write("BUILTINS " + process.moduleLoadList.join(",") + "\\n"));',
);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function dnsight(
  args: string[],
  env: NodeJS.ProcessEnv,
  preload: string[] = [],
): Promise<Run> {
  try {
    const r = await run(process.execPath, [...preload, MAIN, ...args], { env, timeout: 20_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    if (typeof x.code !== "number") throw e;
    return { code: x.code, stdout: x.stdout ?? "", stderr: x.stderr ?? "" };
  }
}

/** The files under dist/bin and node_modules a run's trace names, relative. */
function loaded(stderr: string): { bin: string[]; packages: string[] } {
  const urls = [...stderr.matchAll(/^LOADED (\S+)$/gm)].map((m) => m[1]!);
  const files = urls.filter((u) => u.startsWith("file:")).map((u) => fileURLToPath(u));
  return {
    bin: files.filter((f) => f.startsWith(BIN)).map((f) => f.slice(BIN.length + 1)),
    packages: files.filter((f) => f.includes("/node_modules/")),
  };
}

describe("the built CLI", () => {
  const tmp = makeTmpDir("bundle");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: tmp.path,
    DNSIGHT_RESOLV_CONF: "/nonexistent",
    DNSIGHT_DB: join(tmp.path, "dnsight.db"),
  };
  let knot: KnotServer;
  before(async () => {
    assert.ok(existsSync(MAIN) && existsSync(join(BIN, "dnsight.js")), "run `npm run build` first");
    knot = await startKnot({
      zones: [
        {
          origin: "bundle.test",
          text: "@ 300 SOA ns1 hostmaster 1 3600 900 604800 300\n@ 300 NS ns1\nns1 300 A 127.0.0.1\nwww 300 A 192.0.2.17\n",
        },
      ],
    });
  });
  after(async () => {
    await knot?.stop();
    tmp.remove();
  });
  const server = (): string => `${knot.host}:${knot.port}`;

  it("loads every command from its bundle (--help)", async () => {
    const names = Object.keys(ROOT.subcommands ?? {});
    assert.ok(names.length >= 10, names.join(" "));
    for (const name of names) {
      const r = await dnsight([name, "--help"], env);
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^Usage: dnsight ${name}\\b`), name);
    }
  });

  it("maps an error thrown in a command's bundle to its exit status, on one line", async () => {
    const r = await dnsight(["lookup"], env);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "dnsight: lookup: missing NAME|IP (see --help)\n");
  });

  it("lookup --no-store loads the entry and the lookup bundle only: no store, no package", async () => {
    const args = ["lookup", "www.bundle.test", "-s", server(), "--no-store"];
    const traced = await dnsight(args, env, ["--import", TRACE_FILES]);
    assert.equal(traced.code, 0, traced.stderr);
    assert.match(traced.stdout, /192\.0\.2\.17/);
    const { bin, packages } = loaded(traced.stderr);
    assert.deepEqual(packages, []);
    assert.equal(bin[0], "dnsight.js");
    for (const f of bin.slice(1)) assert.match(f, /^cmd-lookup(-\w+)?\.js$/);
    // The lookup bundle and the chunks it shares with what it imports lazily (the
    // store's writer): each file is one more for the ES loader to resolve and link.
    assert.ok(bin.length <= 5, `${bin.length} files: ${bin.join(" ")}`);

    const builtins = await dnsight(args, env, ["--import", TRACE_BUILTINS]);
    assert.equal(builtins.code, 0, builtins.stderr);
    const list = /^BUILTINS (.*)$/m.exec(builtins.stderr)?.[1]?.split(",") ?? [];
    assert.ok(list.includes("NativeModule dgram"), "the trace sees what the query loads");
    for (const heavy of ["http", "https", "zlib", "worker_threads", "readline"])
      assert.ok(!list.includes(`NativeModule ${heavy}`), `${heavy} loaded`);
  });

  it("lookup storing the answer loads the SQLite store's package then, and only then", async () => {
    const r = await dnsight(["lookup", "www.bundle.test", "-s", server()], env, [
      "--import",
      TRACE_FILES,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const { packages } = loaded(r.stderr);
    assert.ok(
      packages.some((p) => p.includes("/node_modules/better-sqlite3/")),
      packages.join(" "),
    );
    const pdns = await dnsight(["pdns", "www.bundle.test"], env);
    assert.equal(pdns.code, 0, pdns.stderr);
    assert.match(pdns.stdout, /192\.0\.2\.17/);
  });
});
