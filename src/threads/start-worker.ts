import { Worker } from "node:worker_threads";

/**
 * A worker thread running the module `name` (without extension) beside `base`
 * (a caller's import.meta.url). Under tsx, where the tests run the sources, the .ts
 * entry is loaded through tsx's loader, which a worker does not inherit.
 */
export function startWorker(base: string, name: string): Worker {
  if (!base.endsWith(".ts")) return new Worker(new URL(`./${name}.js`, base));
  const tsx = import.meta.resolve("tsx/esm/api");
  const entry = new URL(`./${name}.ts`, base).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true });
}
