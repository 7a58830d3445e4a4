#!/usr/bin/env node
// Prints the folder import graph of src/: each top-level folder and the folders its
// files import (static, type-only, re-exports and dynamic import() alike), with its
// layer (scripts/layers.mjs), then the cycles and the imports that go up or sideways.
// A file directly in src/ (errors.ts, version.ts, index.ts) is a unit of its own.
//
//   node scripts/import-graph.mjs            graph, cycles, layer violations
//   node scripts/import-graph.mjs --files    also each cross-folder file edge
//   node scripts/import-graph.mjs --check    exit 1 on a cycle, a violation, a unit
//                                            with no layer, or a file deeper than the
//                                            lint rules reach
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { forbiddenFor, layerOf, MAX_DEPTH } from "./layers.mjs";

const SRC = resolve(import.meta.dirname, "..", "src");

function walk(dir) {
  const out = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (e.endsWith(".ts") && !e.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** The top-level folder under src/ holding `file`, or the file's name when directly in src/. */
function folderOf(file) {
  const parts = relative(SRC, file).split(sep);
  return parts.length === 1 ? parts[0].replace(/\.js$/, ".ts") : parts[0];
}

/** Cross-folder edges: [fromFolder, toFolder, fromFile, specifier]. */
export function fileEdges(files = walk(SRC)) {
  const edges = [];
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    for (const { fileName: spec } of info.importedFiles) {
      if (!spec.startsWith(".")) continue; // packages and node: builtins are not folders
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(SRC + sep)) continue; // data/ and package.json
      const from = folderOf(file);
      const to = folderOf(target);
      if (from !== to) edges.push([from, to, relative(SRC, file), spec]);
    }
  }
  return edges;
}

/** Folder → sorted set of folders it imports. Every folder appears, even with no edges. */
export function folderGraph(edges, files = walk(SRC)) {
  const graph = new Map();
  for (const f of files) graph.set(folderOf(f), new Set());
  for (const [from, to] of edges) graph.get(from).add(to);
  return new Map([...graph].sort(([a], [b]) => a.localeCompare(b)));
}

/** Problems with the layering: [message] for each edge up or sideways, unit without a layer, too-deep file. */
export function layerProblems(graph, files = walk(SRC)) {
  const out = [];
  for (const [from, tos] of graph) {
    if (layerOf(from) === undefined) out.push(`${from} has no layer in scripts/layers.mjs`);
    else for (const to of tos) if (forbiddenFor(from).includes(to)) out.push(`${from} → ${to}`);
  }
  for (const f of files) {
    const depth = relative(SRC, f).split(sep).length - 2;
    if (depth > MAX_DEPTH) out.push(`${relative(SRC, f)} is deeper than the lint rules reach`);
  }
  return out;
}

/** Strongly connected components with more than one folder (Tarjan's algorithm). */
export function cycles(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const out = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) !== idx.get(v)) return;
    const scc = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1) out.push(scc.sort());
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = walk(SRC);
  const edges = fileEdges(files);
  const graph = folderGraph(edges, files);
  const width = Math.max(...[...graph.keys()].map((k) => k.length));
  for (const [from, tos] of graph) {
    const layer = String(layerOf(from) ?? "?").padStart(2);
    console.log(`${layer}  ${from.padEnd(width)} → ${[...tos].sort().join(", ") || "-"}`);
  }
  if (process.argv.includes("--files")) {
    console.log("");
    for (const [from, to, file, spec] of edges.sort((a, b) =>
      (a[0] + a[1]).localeCompare(b[0] + b[1]),
    )) {
      console.log(`${from} → ${to}: ${file} imports ${spec}`);
    }
  }
  const found = cycles(graph);
  console.log("");
  console.log(`cycles: ${found.length}`);
  for (const scc of found) {
    const pairs = [];
    for (const a of scc)
      for (const b of scc)
        if (a < b && graph.get(a).has(b) && graph.get(b).has(a)) pairs.push(`${a} ↔ ${b}`);
    console.log(`  {${scc.join(", ")}}${pairs.length ? ` (mutual: ${pairs.join("; ")})` : ""}`);
  }
  const problems = layerProblems(graph, files);
  console.log(`layer violations: ${problems.length}`);
  for (const p of problems) console.log(`  ${p}`);
  if (process.argv.includes("--check") && found.length + problems.length > 0) process.exit(1);
}
