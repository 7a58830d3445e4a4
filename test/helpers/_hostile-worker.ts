// The worker side of hostile.ts: builds one case's input, times its run, checks it.
import { performance } from "node:perf_hooks";
import { parentPort } from "node:worker_threads";
import type { HostileCase } from "./hostile.js";

parentPort!.on("message", (m: { url: string; name: string }) => {
  void (async () => {
    const mod = (await import(m.url)) as { CASES: Record<string, HostileCase> };
    const c = mod.CASES[m.name];
    if (c === undefined) return parentPort!.postMessage({ ms: 0, error: "no such case" });
    const input = c.build();
    // CPU time beside wall time: on a shared machine the wall clock also counts the
    // time other processes held the cores (the process is this thread, mostly).
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let result: unknown;
    try {
      result = await c.run(input);
    } catch (e) {
      const ms = performance.now() - t0;
      return parentPort!.postMessage({ ms, error: `threw ${(e as Error).message.slice(0, 300)}` });
    }
    const ms = performance.now() - t0;
    const used = process.cpuUsage(c0);
    const cpuMs = (used.user + used.system) / 1000;
    try {
      c.check?.(result, input);
      parentPort!.postMessage({ ms, cpuMs });
    } catch (e) {
      parentPort!.postMessage({ ms, cpuMs, error: (e as Error).message.slice(0, 500) });
    }
  })();
});
