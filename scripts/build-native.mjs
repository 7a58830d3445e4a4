// Builds the batched-UDP addon (native/udp-mmsg, recvmmsg/sendmmsg) with the node-gyp
// that ships with npm, against the local Node headers, and copies it to
// dist/native/udp_mmsg.node, where src/dns/client/mmsg-addon.ts looks for it. When it
// cannot be built (no compiler, not Linux) this prints one warning and exits 0: the
// bulk resolver then uses node:dgram. Nothing is downloaded: node-gyp is pointed at
// the headers beside this node (as .ci/run does for better-sqlite3), and a build that
// would fetch them fails instead.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dir = join(root, "native", "udp-mmsg");
const target = join(root, "dist", "native", "udp_mmsg.node");
rmSync(target, { force: true });

function skip(reason) {
  console.warn(`warning: batched UDP addon not built (${reason}); resolve will use node:dgram`);
  process.exit(0);
}

if (process.platform !== "linux") skip(`recvmmsg/sendmmsg need Linux, this is ${process.platform}`);

const prefix = dirname(dirname(process.execPath));
const npmDirs = [
  process.env.npm_execpath ? join(dirname(process.env.npm_execpath), "..") : undefined,
  join(prefix, "lib", "node_modules", "npm"),
].filter((d) => d !== undefined);
const gyp = npmDirs
  .map((d) => join(d, "node_modules", "node-gyp", "bin", "node-gyp.js"))
  .find((p) => existsSync(p));
if (gyp === undefined) skip(`no node-gyp found in ${npmDirs.join(" or ")}`);

const env = { ...process.env };
if (!env.npm_config_nodedir) {
  if (!existsSync(join(prefix, "include", "node", "node_api.h")))
    skip(`no Node headers in ${join(prefix, "include", "node")} and npm_config_nodedir unset`);
  env.npm_config_nodedir = prefix;
}

const res = spawnSync(process.execPath, [gyp, "rebuild", "--loglevel=error"], {
  cwd: dir,
  env,
  encoding: "utf8",
});
if (res.status !== 0) {
  const out = `${res.stdout ?? ""}\n${res.stderr ?? ""}`;
  const lines = out.split("\n").map((l) => l.trim());
  // The compiler's or gyp's own words first; node-gyp's "gyp ERR!" summary only without them.
  const line =
    lines.find((l) => !l.startsWith("gyp ERR!") && /error|not found|fatal/i.test(l)) ??
    lines.find((l) => l.startsWith("gyp ERR!"));
  skip(`node-gyp exited with ${res.status ?? res.signal}: ${line ?? res.error?.message ?? "?"}`);
}
mkdirSync(dirname(target), { recursive: true });
copyFileSync(join(dir, "build", "Release", "udp_mmsg.node"), target);
