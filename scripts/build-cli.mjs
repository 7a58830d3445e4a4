// Builds the CLI bundle into dist/bin: the command line's code bundled by esbuild into
// ES modules, the entry (dnsight.js) with the commands as chunks loaded when they run
// (src/cli/root.ts imports each one lazily), and the worker threads' entries beside
// them, named as src/threads/start-worker.ts asks for them. A command then loads a few
// files instead of a hundred: start-up is issue 17's (`npm run bench -- startup`).
// Packages stay outside (better-sqlite3 is native). dist/cli/main.js, which users and
// package.json's bin run, is a one-line door to the bundle. The library (dist/index.js)
// is tsc's output, unbundled.
import { build } from "esbuild";
import { chmodSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "bin");
rmSync(out, { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: {
    dnsight: "src/cli/main.ts",
    "write-thread-worker": "src/store/write-thread-worker.ts",
    "range-worker": "src/passive/range-worker.ts",
    "ip-tables-worker": "src/enrich/ip-tables-worker.ts",
    "bulk-worker": "src/bulk/bulk-worker.ts",
  },
  outdir: out,
  chunkNames: "chunk-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
});

const door = join(root, "dist", "cli", "main.js");
writeFileSync(
  door,
  '#!/usr/bin/env node\n// The CLI is the bundle in dist/bin/ (scripts/build-cli.mjs).\nimport "../bin/dnsight.js";\n',
);
chmodSync(door, 0o755);
