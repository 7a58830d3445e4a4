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
    const t0 = performance.now();
    let result: unknown;
    try {
      result = await c.run(input);
    } catch (e) {
      const ms = performance.now() - t0;
      return parentPort!.postMessage({ ms, error: `threw ${(e as Error).message.slice(0, 300)}` });
    }
    const ms = performance.now() - t0;
    try {
      c.check?.(result, input);
      parentPort!.postMessage({ ms });
    } catch (e) {
      parentPort!.postMessage({ ms, error: (e as Error).message.slice(0, 500) });
    }
  })();
});
