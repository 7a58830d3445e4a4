// Where the shipped data is found from (src/package-root.ts), and the CLI bundle's
// worker entries (scripts/build-cli.mjs): every worker a module starts by name must be
// an entry of the bundle, or the bundled CLI fails when it starts that thread.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { fromRoot, PACKAGE_ROOT, urlFromRoot } from "../../src/package-root.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

describe("package root", () => {
  it("is the folder whose package.json names dnsight, found from the module upward", () => {
    assert.equal(join(PACKAGE_ROOT, "/"), ROOT);
    assert.equal(JSON.parse(readFileSync(fromRoot("package.json"), "utf8")).name, "dnsight");
    assert.ok(existsSync(fromRoot("data", "tld-servers.json")));
  });

  it("names files and folders as URLs, a folder with its trailing slash", () => {
    assert.equal(
      urlFromRoot("data", "tld-servers.json").href.endsWith("/data/tld-servers.json"),
      true,
    );
    assert.equal(urlFromRoot("dist", "web/").href.endsWith("/dist/web/"), true);
  });
});

describe("CLI bundle", () => {
  it("has an entry for every worker thread a module starts by name", () => {
    const build = readFileSync(join(ROOT, "scripts", "build-cli.mjs"), "utf8");
    const started = new Set<string>();
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith(".ts"))
          for (const m of readFileSync(p, "utf8").matchAll(
            /startWorker\(import\.meta\.url, "([\w-]+)"\)/g,
          ))
            started.add(m[1]!);
      }
    };
    walk(join(ROOT, "src"));
    assert.ok(started.size >= 4, [...started].join(", "));
    for (const name of started)
      assert.match(
        build,
        new RegExp(`"?${name}"?: "src/[\\w/-]+/${name}\\.ts"`),
        `${name} is not an entry of the bundle`,
      );
  });
});
