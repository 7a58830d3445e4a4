import { resolveServers } from "../../dns/client/servers.js";
import { runAuthoritativeBulk } from "../../bulk/authoritative-run.js";
import { openNameSource } from "../../bulk/input.js";
import { runBulk } from "../../bulk/run.js";
import type { Observation } from "../../model/observation.js";
import { defineCommand, type CommandContext, type CommandIO, type OptionSpec } from "../command.js";
import { formatAnswerLines } from "../../bulk/present.js";
import { formatSummary } from "../format/summary.js";
import { printable } from "../../util/printable.js";
import { DnsightError } from "../../errors.js";
import { watchInterrupt } from "../interrupt.js";
import { readResumeState } from "../resume.js";
import {
  NS_PORT_OPTION,
  nsPortOption,
  intOption,
  parseTypes,
  SERVER_OPTION,
  strings,
} from "../options.js";
import { ChunkedOutput } from "../output.js";
import { ProgressBar } from "../progress.js";
import { ResultRecorder, storeOption } from "../store-io.js";

const RESOLVE_OPTIONS = {
  type: {
    type: "string",
    short: "t",
    multiple: true,
    value: "TYPE,...",
    description: "record types (default A)",
  },
  server: SERVER_OPTION,
  concurrency: {
    type: "string",
    short: "c",
    value: "N",
    description: "most queries in flight per upstream (default 1000; the window adapts below it)",
  },
  qps: {
    type: "string",
    value: "N",
    description: "cap on queries per second, all upstreams together",
  },
  retries: {
    type: "string",
    value: "N",
    description: "retries of a lost query, on another upstream when there is one (default 5)",
  },
  out: {
    type: "string",
    short: "o",
    value: "FILE",
    description: "write results here instead of standard output",
  },
  json: { type: "boolean", description: "NDJSON: one DNS-result object per name and type" },
  dnssec: { type: "boolean", description: "set the DO bit" },
  "wildcard-filter": {
    type: "boolean",
    description: "drop answers that a random label under the same parent also gets",
  },
  authoritative: {
    type: "boolean",
    description:
      "ask every authoritative server of each name's zone directly and flag lame or disagreeing ones",
  },
  "ns-port": NS_PORT_OPTION,
  threads: {
    type: "string",
    value: "N",
    description: "resolver threads (default 1; 0 resolves in the main thread)",
  },
  "no-check": {
    type: "boolean",
    description: "skip the upstream checks (NXDOMAIN rewriting, disagreement)",
  },
  "no-store": { type: "boolean", description: "do not record the answers in the database" },
  resume: {
    type: "boolean",
    description:
      "carry on an interrupted run: names already answered in --out (written with --json) are skipped, and the file is appended to",
  },
} as const satisfies Record<string, OptionSpec>;

export const resolveCommand = defineCommand({
  name: "dnsight resolve",
  description:
    "Resolve many names (one per line) for one or more types, streaming results as they come. " +
    "Upstreams that rewrite NXDOMAIN or disagree with the others are reported and dropped.",
  positionals: [{ name: "FILE|-", description: "names, one per line (default: standard input)" }],
  options: RESOLVE_OPTIONS,
  examples: [
    "dnsight resolve names.txt -t A,AAAA,MX --json --out results.ndjson",
    "cat names.txt | dnsight resolve - -t A --server 127.0.0.1:5353 --qps 5000",
    "dnsight resolve domains.txt -t NS --authoritative --json",
  ],
  async run(ctx) {
    const resume = ctx.values.resume === true;
    const outPath = ctx.values.out as string | undefined;
    if (resume && (outPath === undefined || ctx.values.json !== true || ctx.values.authoritative))
      throw new DnsightError(
        "USAGE",
        "resolve: --resume carries on from --out FILE written with --json (not --authoritative)",
      );
    const recorder =
      ctx.values["no-store"] === true
        ? undefined
        : await ResultRecorder.open(storeOption(ctx.values, ctx.io.env));
    const out = new ChunkedOutput(outPath, ctx.io.stdout, { append: resume });
    try {
      return ctx.values.authoritative === true
        ? await authoritative(ctx, out, recorder)
        : await bulk(ctx, out, recorder);
    } finally {
      await out.close();
      await recorder?.close();
    }
  },
});

function warner(io: CommandIO): (msg: string) => void {
  let warned = 0;
  return (msg) => {
    if (warned++ < 20) io.stderr.write(`dnsight: ${printable(msg)}\n`);
  };
}

async function bulk(
  { values, positionals, io }: CommandContext<typeof RESOLVE_OPTIONS>,
  out: ChunkedOutput,
  recorder?: ResultRecorder,
): Promise<number> {
  const json = values.json === true;
  // Every option is checked before the input is opened: a bad --qps says so first.
  const types = parseTypes(values.type, ["A"]);
  const concurrency = intOption(values.concurrency, "concurrency", 1, 65535) ?? 1000;
  const retries = intOption(values.retries, "retries", 0, 50) ?? 5;
  const qps = intOption(values.qps, "qps", 1, 10_000_000);
  const resumed =
    values.resume === true ? await readResumeState(values.out as string, types) : undefined;
  let bar: ProgressBar | undefined;
  const interrupt = watchInterrupt();
  try {
    const summary = await runBulk({
      source: openNameSource(positionals[0], io.stdin),
      signal: interrupt.signal,
      ...(resumed ? { skip: resumed.isDone } : {}),
      types,
      servers: await resolveServers(strings(values.server), io.env),
      concurrency,
      retries,
      qps,
      dnssec: values.dnssec === true,
      wildcardFilter: values["wildcard-filter"] === true,
      check: values["no-check"] !== true,
      onInvalid: warner(io),
      onStart: (progress) => {
        const b = (bar = new ProgressBar(io.stderr, progress));
        out.around = { before: () => b.clear(), after: () => b.redraw() };
        b.start();
      },
      format: json ? "json" : "lines",
      threads: intOption(values.threads, "threads", 0, 16) ?? 1,
      onOutput: (text) => out.write(text),
      ...(recorder
        ? { onObservations: (rows: Observation[]) => recorder.addObservations(rows) }
        : {}),
    });
    bar?.stop();
    // Every result is out before the summary, so the summary is the last line.
    await out.flush();
    io.stderr.write(formatSummary(summary));
    return summary.interrupted ? interrupt.status() : 0;
  } finally {
    interrupt.dispose();
    bar?.stop();
  }
}

async function authoritative(
  { values, positionals, io }: CommandContext<typeof RESOLVE_OPTIONS>,
  out: ChunkedOutput,
  recorder?: ResultRecorder,
): Promise<number> {
  const json = values.json === true;
  const s = await runAuthoritativeBulk({
    source: openNameSource(positionals[0], io.stdin),
    types: parseTypes(values.type, ["A"]),
    servers: await resolveServers(strings(values.server), io.env),
    concurrency: Math.min(intOption(values.concurrency, "concurrency", 1, 65535) ?? 50, 1000),
    retries: intOption(values.retries, "retries", 0, 50) ?? 2,
    dnssec: values.dnssec === true,
    nsPort: nsPortOption(values["ns-port"]),
    onInvalid: warner(io),
    onAnswer: (a) => {
      // Only authoritative answers go to the store, with the zone as bailiwick.
      if (a.flags.aa) recorder?.add(a, a.zone);
      const head = `;; @${a.nameserver} ${a.resolver}${a.issues.length ? ` !! ${a.issues.join("; ")}` : ""}\n`;
      return out.write(json ? JSON.stringify(a) + "\n" : head + formatAnswerLines(a));
    },
  });
  io.stderr.write(
    `asked the authoritative servers of ${s.names} names in ${(s.elapsedMs / 1000).toFixed(2)} s: ` +
      `${s.inconsistent} name/type pairs inconsistent, ${s.failed} names without a zone` +
      (s.invalidNames ? `, ${s.invalidNames} invalid names` : "") +
      "\n",
  );
  return s.inconsistent > 0 ? 1 : 0;
}
