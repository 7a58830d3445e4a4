// Builds the web UI into dist/web: web/src bundled by esbuild into ES modules
// (dist/web/assets/app.js, and chunks the pages load when first shown, such as the
// pivot graph's Cytoscape.js), with the page and its stylesheet beside it (the
// project's CSS, then uPlot's). `dnsight serve` answers / and /assets/ from there
// (src/api/web-static.ts). No CDN: everything the browser loads comes from the
// server. Prints the gzip size of the JS the first page loads (issue 14's budget:
// under 300 KB) and of the rest.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "web");
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "assets"), { recursive: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: { app: join(root, "web", "src", "main.ts") },
  outdir: join(out, "assets"),
  chunkNames: "chunk-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  target: "es2020",
  minify: true,
  sourcemap: false,
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
});
copyFileSync(join(root, "web", "index.html"), join(out, "index.html"));
writeFileSync(
  join(out, "assets", "app.css"),
  readFileSync(join(root, "web", "app.css"), "utf8") +
    "\n/* uPlot (MIT) */\n" +
    readFileSync(join(root, "node_modules", "uplot", "dist", "uPlot.min.css"), "utf8"),
);

// The first page: app.js and the chunks it imports statically.
const outputs = result.metafile.outputs;
const first = new Set();
const visit = (file) => {
  if (first.has(file)) return;
  first.add(file);
  for (const i of outputs[file]?.imports ?? []) if (i.kind === "import-statement") visit(i.path);
};
const appOut = Object.keys(outputs).find((f) => f.endsWith("/assets/app.js"));
visit(appOut);
const gz = (files) => files.reduce((n, f) => n + gzipSync(readFileSync(join(root, f))).length, 0);
const js = Object.keys(outputs).filter((f) => f.endsWith(".js"));
const firstKb = (gz([...first]) / 1024).toFixed(1);
const restKb = (gz(js.filter((f) => !first.has(f))) / 1024).toFixed(1);
console.log(
  `web UI: first page ${firstKb} KB of JS gzipped (budget 300 KB); ${restKb} KB more in chunks loaded on demand`,
);
