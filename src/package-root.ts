import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// Where the package is installed, found from this module upward: the folder whose
// package.json names dnsight. The shipped data (data/, samples/, dist/web/) is found
// from there, not from a module's own folder, so the same code runs from src/ under
// tsx, from dist/ as tsc writes it, and from the CLI bundle (dist/bin/), where every
// module shares one folder.

function findRoot(from: string): string {
  for (let dir = dirname(from); ;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string };
      if (pkg.name === "dnsight") return dir;
    } catch {
      // no package.json here (or not JSON): look further up
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`dnsight: no package.json of dnsight above ${from}`);
    dir = up;
  }
}

export const PACKAGE_ROOT = findRoot(fileURLToPath(import.meta.url));

/** A path inside the package, e.g. fromRoot("data", "tld-servers.json"). */
export const fromRoot = (...parts: string[]): string => join(PACKAGE_ROOT, ...parts);

/** The same as a file: URL; a last part ending in "/" names a folder, and keeps its slash. */
export const urlFromRoot = (...parts: string[]): URL => {
  const url = pathToFileURL(fromRoot(...parts));
  if (parts.at(-1)?.endsWith("/") && !url.pathname.endsWith("/")) url.pathname += "/";
  return url;
};
