import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { resolveServers } from "../../dns/client/servers.js";
import { openNameSource } from "../../dns/bulk/input.js";
import { runBulk, type BulkSummary } from "../../dns/bulk/run.js";
import type { DnsResult } from "../../dns/result.js";
import type { CommandDef } from "../command.js";
import { formatAnswerLines } from "../format/lines.js";
import { intOption, parseTypes, SERVER_OPTION, strings } from "../options.js";
import { ProgressBar } from "../progress.js";
import { ResultRecorder, storeOption } from "../store-io.js";
import { formatSummary } from "../format/summary.js";

export const resolveCommand: CommandDef = {
  name: "dnsight resolve",
  description:
    "Resolve many names (one per line) for one or more types, streaming results as they come. " +
    "Upstreams that rewrite NXDOMAIN or disagree with the others are reported and dropped.",
  positionals: [{ name: "FILE|-", description: "names, one per line (default: standard input)" }],
  options: {
    type: { type: "string", short: "t", multiple: true, value: "TYPE,...", description: "record types (default A)" },
    server: SERVER_OPTION,
    concurrency: { type: "string", short: "c", value: "N", description: "most queries in flight per upstream (default 1000; the window adapts below it)" },
    qps: { type: "string", value: "N", description: "cap on queries per second, all upstreams together" },
    retries: { type: "string", value: "N", description: "retries of a lost query, on another upstream when there is one (default 5)" },
    out: { type: "string", short: "o", value: "FILE", description: "write results here instead of standard output" },
    json: { type: "boolean", description: "NDJSON: one DNS-result object per name and type" },
    dnssec: { type: "boolean", description: "set the DO bit" },
    "wildcard-filter": { type: "boolean", description: "drop answers that a random label under the same parent also gets" },
    "no-check": { type: "boolean", description: "skip the upstream checks (NXDOMAIN rewriting, disagreement)" },
    "no-store": { type: "boolean", description: "do not record the answers in the database" },
  },
  examples: [
    "dnsight resolve names.txt -t A,AAAA,MX --json --out results.ndjson",
    "cat names.txt | dnsight resolve - -t A --server 127.0.0.1:5353 --qps 5000",
  ],
  async run({ values, positionals, io }) {
    const types = parseTypes(values.type, ["A"]);
    const servers = await resolveServers(strings(values.server), io.env);
    const source = openNameSource(positionals[0], io.stdin);
    const out = values.out !== undefined ? createWriteStream(String(values.out)) : io.stdout;
    const recorder = values["no-store"] === true ? undefined : await ResultRecorder.open(storeOption(values, io.env));
    const json = values.json === true;
    let pending = "";
    const flush = async (): Promise<void> => {
      if (pending === "") return;
      const chunk = pending;
      pending = "";
      if (!out.write(chunk)) await once(out, "drain");
    };
    let summary: BulkSummary;
    let bar: ProgressBar | undefined;
    try {
      summary = await runBulk({
        source,
        types,
        servers,
        concurrency: intOption(values.concurrency, "concurrency", 1, 65535) ?? 1000,
        retries: intOption(values.retries, "retries", 0, 50) ?? 5,
        qps: intOption(values.qps, "qps", 1, 10_000_000),
        dnssec: values.dnssec === true,
        wildcardFilter: values["wildcard-filter"] === true,
        check: values["no-check"] !== true,
        onStart: (progress) => {
          bar = new ProgressBar(io.stderr, progress);
          bar.start();
        },
        onResult: (r: DnsResult) => {
          pending += json ? JSON.stringify(r) + "\n" : formatAnswerLines(r);
          recorder?.add(r);
          // Ask the engine to wait while the output catches up.
          return pending.length < 1 << 16 ? undefined : flush();
        },
      });
      await flush();
    } finally {
      bar?.stop();
      await recorder?.close();
      if (out !== io.stdout) {
        (out as NodeJS.WritableStream).end();
        await once(out, "close");
      }
    }
    io.stderr.write(formatSummary(summary));
    return summary.lost > 0 ? 1 : 0;
  },
};
