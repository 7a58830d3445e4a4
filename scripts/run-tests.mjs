#!/usr/bin/env node
// Runs the test suite with node's own runner, TypeScript loaded through tsx.
// `--unit` runs only test/unit (no servers needed); otherwise everything under test/.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const unitOnly = process.argv.includes("--unit");
const filters = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const roots = unitOnly ? ["test/unit"] : ["test/unit", "test/integration"];

function walk(dir) {
  let out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries.sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(walk(p));
    else if (e.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

let files = roots.flatMap(walk);
if (filters.length > 0) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error("no test files found");
  process.exit(1);
}
// Ten minutes a file: the README test builds the package from a fresh copy (npm ci
// compiles better-sqlite3), which took over five on a loaded two-core machine.
const res = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", "--test-timeout=600000", ...files],
  { stdio: "inherit" },
);
process.exit(res.status ?? 1);
