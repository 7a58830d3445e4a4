// Builds the web UI into dist/web: web/src bundled by esbuild into one minified
// module (dist/web/assets/app.js), with the page and its stylesheet beside it.
// `dnsight serve` answers / and /assets/ from there (src/api/web-static.ts). No
// CDN: everything the browser loads comes from the server. Prints the gzip size
// of the JS a first page loads (issue 14's budget: under 300 KB).
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "web");
mkdirSync(join(out, "assets"), { recursive: true });

await build({
  entryPoints: [join(root, "web", "src", "main.ts")],
  outfile: join(out, "assets", "app.js"),
  bundle: true,
  format: "esm",
  target: "es2020",
  minify: true,
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
});
copyFileSync(join(root, "web", "index.html"), join(out, "index.html"));
copyFileSync(join(root, "web", "app.css"), join(out, "assets", "app.css"));

const js = readFileSync(join(out, "assets", "app.js"));
console.log(
  `web UI: app.js ${js.length} bytes, ${gzipSync(js).length} gzipped (first page budget 300 KB)`,
);
