// The README's main-job line, run verbatim as a newcomer runs it: on a fresh copy of
// the project (the files git knows, no node_modules, no dist, no database), with no
// network: npm works from its cache (offline), better-sqlite3 is built from source
// against the local Node headers, and any proxied request would go to a closed
// loopback port. It must print the rows it stored.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { makeTmpDir } from "../helpers/tmp.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const README = readFileSync(join(ROOT, "README.md"), "utf8");

/** The first ```sh block after the words "The main job". */
function mainJobLine(): string {
  const from = README.indexOf("The main job");
  assert.ok(from >= 0, "the README names its main job");
  const block = /```sh\n([^`]+)```/.exec(README.slice(from));
  assert.ok(block, "a sh block follows it");
  const lines = block[1]!.trim().split("\n");
  assert.equal(lines.length, 1, "the main job is one line");
  return lines[0]!;
}

/** Every file git would check out (tracked, or new and not ignored), copied to `dir`. */
function freshCopy(dir: string): void {
  const files = execFileSync("git", ["ls-files", "-z", "-co", "--exclude-standard"], { cwd: ROOT })
    .toString()
    .split("\0")
    .filter((f) => f !== "" && existsSync(join(ROOT, f)));
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(ROOT, f), join(dir, f));
  }
}

describe("README", () => {
  it("every examples/ path it names is in the package, and nothing points outside it", () => {
    const paths = [...README.matchAll(/\bexamples\/[\w./-]*\w/g)].map((m) => m[0]);
    assert.ok(paths.length >= 3);
    for (const p of paths) assert.ok(existsSync(join(ROOT, p)), `${p} is named in the README`);
    const commands = README.split("\n").filter((l) => l.startsWith("$ dnsight"));
    for (const c of commands) assert.doesNotMatch(c, /\.\.\/shared|dnsdump_tcp\.pcap/, c);
  });

  it("its main-job line works on a fresh copy, offline, and prints stored rows", () => {
    const line = mainJobLine();
    const tmp = makeTmpDir("readme");
    const project = join(tmp.path, "dnsight");
    freshCopy(project);
    const cache = execFileSync("npm", ["config", "get", "cache"], { cwd: ROOT }).toString().trim();
    const nodeDir = dirname(dirname(process.execPath));
    const home = join(tmp.path, "home");
    mkdirSync(home);
    const closed = "http://127.0.0.1:9";
    const r = spawnSync("bash", ["-c", line], {
      cwd: project,
      encoding: "utf8",
      timeout: 15 * 60_000,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        npm_config_cache: cache,
        npm_config_offline: "true",
        npm_config_audit: "false",
        npm_config_fund: "false",
        npm_config_update_notifier: "false",
        // prebuild-install would try to download a binary: build from source instead.
        npm_config_build_from_source: "true",
        ...(existsSync(join(nodeDir, "include/node/node.h"))
          ? { npm_config_nodedir: nodeDir }
          : {}),
        HTTP_PROXY: closed,
        HTTPS_PROXY: closed,
        http_proxy: closed,
        https_proxy: closed,
        DNSIGHT_RESOLV_CONF: "/nonexistent",
      },
    });
    assert.equal(r.status, 0, `${line}\n--- stderr\n${r.stderr?.slice(-3000)}`);
    const rows = r.stdout.split("\n").filter((l) => /^\S+\.example\.com\.\t[A-Z]+\t/.test(l));
    assert.equal(rows.length, 8, r.stdout);
    assert.ok(
      rows.includes(
        rows.find((l) => l.startsWith("www.example.com.\tCNAME\tweb.example.com.\t; ")) ?? "",
      ),
      r.stdout,
    );
    assert.match(
      r.stdout,
      /^web\.example\.com\.\tA\t192\.0\.2\.80\t; \S+ \.\. \S+ count 2 \(passive\)$/m,
    );
    assert.ok(
      existsSync(join(project, "dnsight.db")),
      "the rows are in the embedded default store",
    );
    tmp.remove();
  });
});
