// Issue 13: `import("dnsight")` failed (package.json named a dist/index.js that did
// not exist). The package now has typed entry points; this test imports them by the
// package's own name, as a user's program does, and runs the README's example verbatim.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

describe("the library entry points", () => {
  it("the README's library example runs as written and prints stored rows", async () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Library use"));
    const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(code, "no js block under '## Library use'");
    // Inside the package, its own name resolves to it (package self-reference).
    const script = join(ROOT, `.library-example-${process.pid}.mjs`);
    const db = join(ROOT, "library-example.db");
    writeFileSync(script, code);
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [script], {
        cwd: ROOT,
        timeout: 60_000,
      });
      const lines = stdout.trim().split("\n");
      assert.match(lines[0] ?? "", /^27 observations stored$/);
      assert.equal(lines.length - 1, 8, stdout);
      assert.ok(
        lines.some((l) => /^api\.example\.com A 198\.51\.100\.7 2$/.test(l)),
        stdout,
      );
    } finally {
      rmSync(script, { force: true });
      for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    }
  });

  it("dnsight/dns and dnsight/store resolve to their modules", async () => {
    // By name at run time, as a user's code does (the compiler would want dist/ built).
    const load = (name: string): Promise<unknown> => import(name);
    const dns = (await load("dnsight/dns")) as typeof import("../../src/entry/dns.js");
    const wire = dns.encodeMessage({
      id: 7,
      flags: { rd: true },
      questions: [{ name: "example.com.", type: "A", class: "IN" }],
    });
    assert.equal(dns.decodeMessage(wire).questions[0]?.name, "example.com.");
    const store = (await load("dnsight/store")) as typeof import("../../src/entry/store.js");
    assert.equal(typeof store.openStore, "function");
    const main = (await load("dnsight")) as typeof import("../../src/index.js");
    assert.deepEqual([...main.INGEST_FORMATS], ["pcap", "dnstap", "zeek", "passivedns", "cof"]);
    assert.equal(typeof main.migrateStore, "function");
  });
});
