import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Rng } from "../rng.js";

// How the fuzzer makes inputs for one parser: a weighted list of recipes, each a
// function from a seeded generator to bytes. Recipes mutate real fixtures, mutate or
// emit structure-aware inputs, or build hostile sizes (long runs of one byte, deep
// nesting, huge counts). A recipe that stalls the parser again and again is switched off
// for the rest of a run, so one slow path does not eat the whole time budget.

export interface Recipe {
  name: string;
  /** Relative weight among the parser's recipes. */
  weight: number;
  /** Hostile-size inputs: counted apart in the report. */
  hostile?: boolean;
  make(r: Rng): Uint8Array;
}

export type RecipeFactory = (seed: number) => Promise<Recipe[]>;

/** The shared fixtures (/work/shared/fixtures, see SOURCES.md there). */
export const FIXTURES = fileURLToPath(new URL("../../../../shared/fixtures/", import.meta.url));

/** Every file under `dir` (relative to FIXTURES) whose name passes `keep`, sorted. */
export function fixtureFiles(dir: string, keep: (name: string) => boolean = () => true): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d)
      .sort()
      .flatMap((e) => {
        const p = join(d, e);
        return statSync(p).isDirectory() ? walk(p) : keep(e) ? [p] : [];
      });
  return walk(join(FIXTURES, dir));
}

export const readFixtures = (dir: string, keep?: (name: string) => boolean): Buffer[] =>
  fixtureFiles(dir, keep).map((p) => readFileSync(p));

/** `count` copies of `unit` joined, cut to at most `max` bytes. */
export function repeat(unit: string | Uint8Array, count: number, max = 1 << 22): Buffer {
  const u = typeof unit === "string" ? Buffer.from(unit, "latin1") : Buffer.from(unit);
  const n = Math.max(0, Math.min(count, Math.floor(max / Math.max(1, u.length))));
  return Buffer.alloc(u.length * n, u);
}

export const cat = (...parts: (string | Uint8Array)[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : p)));

/**
 * One recipe per hostile shape, sharing `weight` between them: a shape that stalls the
 * parser is switched off alone, and the report names it.
 */
export function hostile<S>(
  shapes: Readonly<Record<string, S>>,
  weight: number,
  make: (shape: S, r: Rng) => Uint8Array,
): Recipe[] {
  const names = Object.keys(shapes);
  return names.map((name) => ({
    name: `hostile: ${name}`,
    weight: weight / names.length,
    hostile: true,
    make: (r: Rng) => make(shapes[name]!, r),
  }));
}
