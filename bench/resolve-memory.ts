// Bench: peak RSS of `dnsight resolve` over 1M names (target < 300 MB). The
// names are synthesised by a wildcard, so Knot's zone stays tiny; the input is
// streamed from a file and results go to a file, as in real use.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { startKnot } from "../test/helpers/knot.js";
import { makeTmpDir } from "../test/helpers/tmp.js";
import { fmt, runChild } from "./_util.js";

const N = Number(process.env.BENCH_MEMORY_NAMES ?? 1_000_000);
const CLI = new URL("../dist/cli/main.js", import.meta.url).pathname;

export async function benchResolveMemory(): Promise<boolean> {
  const tmp = makeTmpDir("bench-memory");
  const namesFile = join(tmp.path, "names.txt");
  const w = createWriteStream(namesFile);
  for (let i = 0; i < N; i++) {
    if (!w.write(`host-${i}.wild.test\n`)) await once(w, "drain");
  }
  w.end();
  await once(w, "close");
  const knot = await startKnot({
    zones: [
      {
        origin: "wild.test",
        text: "@ SOA ns1 hostmaster 1 3600 900 604800 300\n@ NS ns1\nns1 A 127.0.0.1\n* A 192.0.2.7\n",
      },
    ],
  });
  try {
    const db = join(tmp.path, "bench.db");
    const out = join(tmp.path, "out.ndjson");
    // The store is on (the default): memory must stay flat while answers are written.
    const r = await runChild(
      process.execPath,
      [
        CLI,
        "resolve",
        namesFile,
        "-t",
        "A",
        "--server",
        `${knot.host}:${knot.port}`,
        "--json",
        "--db",
        db,
        "--out",
        out,
      ],
      { timeoutMs: 900_000 },
    );
    if (r.code !== 0) throw new Error(`dnsight resolve failed (${r.code}): ${r.stderr}`);
    const noerror = Number(/NOERROR (\d+)/.exec(r.stderr)?.[1] ?? 0);
    const mb = r.peakRssKb / 1024;
    const ok = mb < 300 && noerror === N;
    console.log(
      `resolve memory: ${fmt(N)} names (store on) in ${(r.wallMs / 1000).toFixed(1)} s, ${fmt(noerror)} answered, peak RSS ${fmt(mb)} MB (target < 300 MB) ${ok ? "PASS" : "ABOVE TARGET"}`,
    );
    return ok;
  } finally {
    await knot.stop();
    tmp.remove();
  }
}
