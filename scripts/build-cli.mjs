// Builds the CLI bundle into dist/bin: the command line's code bundled by esbuild into
// ES modules. A command is loaded only when it runs (src/cli/root.ts imports each one
// lazily), and each command is a build of its own: one file (cmd-<name>.js), with in
// chunks of its own (cmd-<name>-<hash>.js) only what it imports lazily (a store
// backend) and what that shares with it. One build for every command split the code
// the commands share into many small chunks, and Node's ES module loader pays for each
// file (resolve, read, compile, link): a one-name `lookup` loaded 25 files of ours; now
// 5, and 10–20 ms less start-up (issue 17, `npm run bench -- startup`). The prices: the
// shared modules are repeated in every command's bundle (7 MB of JS where there was
// 1.4), and a module both the entry and a command use exists twice in one process, so
// the ones holding state across that line (errors.ts's class, interrupt.ts's flag)
// go by registry symbols. The maps carry positions only, not the sources again for
// every copy: a stack trace needs no more. The entry (dnsight.js) is a build of its
// own too, and so are the worker threads' entries, named as src/threads/start-worker.ts
// asks for them. Every file sits in dist/bin, so a worker is found beside whichever
// module starts it. Packages stay outside (better-sqlite3 is native). dist/cli/main.js,
// which users and package.json's bin run, is a one-line door to the bundle. The
// library (dist/index.js) is tsc's output, unbundled.
import { build } from "esbuild";
import { chmodSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "bin");
rmSync(out, { recursive: true, force: true });

// The commands root.ts loads lazily, by the module name it imports.
const COMMAND_IMPORT = /^\.\/commands\/([\w-]+)\.js$/;
const commands = [
  ...readFileSync(join(root, "src", "cli", "root.ts"), "utf8").matchAll(
    /import\("(\.\/commands\/[\w-]+\.js)"\)/g,
  ),
].map((m) => COMMAND_IMPORT.exec(m[1])[1]);
if (commands.length === 0) throw new Error("build-cli: no lazy command imports in root.ts");

/** root.ts's `import("./commands/x.js")` becomes `import("./cmd-x.js")`, a bundle of its own. */
const commandsApart = {
  name: "commands-apart",
  setup(b) {
    b.onResolve({ filter: COMMAND_IMPORT }, (args) => {
      if (!args.importer.endsWith(join("src", "cli", "root.ts"))) return undefined;
      return { path: `./cmd-${COMMAND_IMPORT.exec(args.path)[1]}.js`, external: true };
    });
  },
};

const common = {
  absWorkingDir: root,
  outdir: out,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  sourcemap: "linked",
  sourcesContent: false,
  legalComments: "none",
  logLevel: "warning",
  plugins: [commandsApart],
};

await Promise.all([
  build({ ...common, entryPoints: { dnsight: "src/cli/main.ts" }, chunkNames: "chunk-[hash]" }),
  build({
    ...common,
    entryPoints: {
      "write-thread-worker": "src/store/write-thread-worker.ts",
      "range-worker": "src/passive/range-worker.ts",
      "ip-tables-worker": "src/enrich/ip-tables-worker.ts",
      "bulk-worker": "src/bulk/bulk-worker.ts",
    },
    chunkNames: "worker-[hash]",
  }),
  ...commands.map((name) =>
    build({
      ...common,
      entryPoints: { [`cmd-${name}`]: `src/cli/commands/${name}.ts` },
      chunkNames: `cmd-${name}-[hash]`,
    }),
  ),
]);

const door = join(root, "dist", "cli", "main.js");
writeFileSync(
  door,
  '#!/usr/bin/env node\n// The CLI is the bundle in dist/bin/ (scripts/build-cli.mjs).\nimport "../bin/dnsight.js";\n',
);
chmodSync(door, 0o755);
