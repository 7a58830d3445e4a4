import { createWriteStream, openSync } from "node:fs";
import { once } from "node:events";
import { DnsightError } from "../../errors.js";
import { cofLine } from "../../export/cof.js";
import { openStore } from "../../store/open.js";
import type { CommandDef } from "../command.js";
import { storeOption } from "../store-io.js";

// `dnsight export cof [FILE]`: every stored observation as a COF line, in key
// order; `dnsight ingest cof` of the file restores the same store.

export const exportCommand: CommandDef = {
  name: "dnsight export",
  description: "Write every stored observation out as COF (NDJSON), to FILE or standard output.",
  positionals: [
    { name: "FORMAT", description: "cof", required: true },
    { name: "FILE", description: "where to write (default: standard output)" },
  ],
  examples: ["dnsight export cof backup.ndjson", "dnsight export cof | gzip > pdns.cof.gz"],
  async run({ values, positionals, io }) {
    if (positionals[0] !== "cof")
      throw new DnsightError("USAGE", `export: the only format is cof, got "${positionals[0]}"`);
    const path = positionals[1];
    const out = path === undefined || path === "-" ? io.stdout : openOutput(path);
    const store = await openStore(storeOption(values, io.env), { mustExist: true });
    let rows = 0;
    try {
      for await (const batch of store.scanObservations(5000)) {
        let text = "";
        for (const o of batch) text += cofLine(o);
        rows += batch.length;
        if (!out.write(text)) await once(out, "drain");
      }
    } finally {
      await store.close();
      if (out !== io.stdout) {
        const done = once(out, "finish");
        out.end();
        await done;
      }
    }
    io.stderr.write(`exported ${rows} observations${path ? ` to ${path}` : ""}\n`);
    return 0;
  },
};

function openOutput(path: string): NodeJS.WritableStream {
  let fd: number;
  try {
    fd = openSync(path, "w");
  } catch (e) {
    throw new DnsightError(
      "INPUT",
      `cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  return createWriteStream("", { fd });
}
