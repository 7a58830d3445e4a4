import { Worker, type WorkerOptions } from "node:worker_threads";

/**
 * A worker running the module at `entry` (a .ts URL). Under tsx (the bench and the tests
 * run the sources) the entry is loaded through tsx's loader, which a worker does not
 * inherit; as src/threads/start-worker.ts does, with worker options passed on.
 */
export function startWorker(entry: URL, options: WorkerOptions = {}): Worker {
  const tsx = import.meta.resolve("tsx/esm/api");
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
