import { dataDir } from "../../data/data-dir.js";
import { DnsightError } from "../../errors.js";
import { listenDnstapIngest } from "../../flows/dnstap-listen.js";
import { parseListenAddress } from "../../passive/sources/dnstap/listener.js";
import { optionValue } from "../option-value.js";
import { ingestInput } from "../../flows/ingest.js";
import { INGEST_FORMATS, isIngestFormat } from "../../flows/ingest-formats.js";
import type { Alert } from "../../model/alert.js";
import { alertNotice } from "../format/alert-line.js";
import { openStore } from "../../store/open.js";
import { defineCommand, type CommandIO } from "../command.js";
import { inputBar } from "../input-progress.js";
import { noteText, wrongFormatText } from "../ingest-notes-text.js";
import { interruptedReport, summary } from "../ingest-report.js";
import { watchInterrupt, type Interrupt } from "../interrupt.js";
import { DATA_DIR_OPTION, intOption, strings } from "../options.js";
import { ProgressBar } from "../progress.js";
import { storeOption } from "../store-io.js";

// `dnsight ingest FORMAT FILE|-`: a sensor's output into the store. A file is
// checkpointed (by its real path and inode), so running the same command again
// after a crash or a kill carries on where the store stopped; standard input and a
// listener are not.

export const ingestCommand = defineCommand({
  name: "dnsight ingest",
  description:
    "Read passive DNS into the store: packet captures (pcap, pcapng), dnstap files or a live dnstap socket, Zeek dns.log, passivedns sensor logs, or COF. Running the same file again resumes where the store stopped. " +
    "Damaged input does not stop an ingest: a line over 1 MiB, or a capture that ends inside a record, is skipped and reported with its byte offset and a warning, everything else is stored, and the exit status is 0 (a run again would find the same damage). " +
    "Another process writing to the same database is waited for, with a message every few seconds. " +
    "On a terminal a progress bar shows the bytes read, rows/s and an ETA; Ctrl-C stores what was read with its checkpoint and exits 130, and the same command again continues.",
  positionals: [
    { name: "FORMAT", description: INGEST_FORMATS.join("|"), required: true },
    { name: "FILE|-", description: "the input (default: standard input; none with --listen)" },
  ],
  options: {
    // The IP tables for a watched name's new addresses (update-data refreshes them).
    "data-dir": DATA_DIR_OPTION,
    sensor: { type: "string", value: "ID", description: "the sensor these observations come from" },
    listen: {
      type: "string",
      value: "unix:PATH|tcp:HOST:PORT",
      description:
        "dnstap only: accept Frame Streams connections (Unbound, Knot, BIND) until interrupted",
    },
    port: {
      type: "string",
      multiple: true,
      value: "N",
      description:
        "pcap only: ports that carry DNS (default 53); repeat or use commas. Port 5353, multicast DNS, is read only when listed (--port 53,5353): then the link's mDNS announcements are kept too, as observations of the sensor's link (give them a --sensor of their own to keep them apart)",
    },
    restart: {
      type: "boolean",
      description: "ignore the checkpoint of an earlier run of this file and read it all again",
    },
    threads: {
      type: "string",
      value: "N",
      description:
        "Zeek, passivedns and COF files: parse with N threads (default: the CPUs, at most 4; 1 for one)",
    },
    "round-mb": {
      type: "string",
      value: "N",
      description:
        "with --threads: megabytes read per round (default 16 a thread); smaller rounds checkpoint more often and hold less in memory",
    },
    "batch-rows": {
      type: "string",
      value: "N",
      description:
        "distinct rows merged in memory per write and checkpoint (default 20000; 250000 with --threads)",
    },
    "commit-ms": {
      type: "string",
      value: "N",
      description:
        "SQLite: a write is committed in pieces of about N ms each, so other writers and readers are never kept waiting longer (default 250)",
    },
  },
  examples: [
    "dnsight ingest pcap capture.pcap --sensor edge-1",
    "tcpdump -i eth0 -w - port 53 | dnsight ingest pcap -",
    "dnsight ingest dnstap --listen unix:/run/dnsight/dnstap.sock",
    "dnsight ingest zeek /opt/zeek/logs/current/dns.log",
    "dnsight ingest cof export.ndjson",
  ],
  async run({ values, positionals, io }) {
    const format = positionals[0] ?? "";
    if (!isIngestFormat(format))
      throw new DnsightError(
        "USAGE",
        `ingest: FORMAT must be one of ${INGEST_FORMATS.join(", ")}, got "${format}"`,
      );
    const listen = values.listen;
    if (listen !== undefined && format !== "dnstap")
      throw new DnsightError("USAGE", "ingest: --listen is for dnstap only");
    if (listen !== undefined && positionals[1] !== undefined)
      throw new DnsightError("USAGE", "ingest: give a FILE or --listen, not both");
    if (listen !== undefined) optionValue("--listen", () => parseListenAddress(listen));
    const ports = values.port === undefined ? undefined : portsOption(values.port);
    if (ports && format !== "pcap")
      throw new DnsightError("USAGE", "ingest: --port is for pcap only");
    const batchRows = intOption(values["batch-rows"], "batch-rows", 1, 10_000_000);
    const commitMs = intOption(values["commit-ms"], "commit-ms", 1, 600_000);
    const roundMb = intOption(values["round-mb"], "round-mb", 1, 4096);
    const threads = intOption(values.threads, "threads", 1, 64);
    const sensor = values.sensor;
    const path = positionals[1] ?? "-";
    const started = Date.now();
    // A file or standard input gets a bar on a terminal, and Ctrl-C stores what was
    // read with its checkpoint; a listener runs until stopped and has neither.
    let bar: ProgressBar | undefined;
    let interrupt: Interrupt | undefined;
    // Another ingest (or any writer) on the same file is waited for, however long,
    // and said so every few seconds; this one commits in short pieces in turn.
    const storeOptions = {
      lockTimeoutMs: Infinity,
      onLockWait: (ms: number): void => {
        bar?.clear();
        io.stderr.write(
          `waiting for the database lock held by another writer (${Math.round(ms / 1000)} s so far)…\n`,
        );
      },
      ...(commitMs !== undefined ? { commitMs } : {}),
    };
    const url = storeOption(values, io.env);
    const store = await openStore(url, storeOptions);
    const shared = {
      store,
      ...(sensor !== undefined ? { sensor } : {}),
      ...(batchRows !== undefined ? { batchRows } : {}),
      dataDir: dataDir(values["data-dir"], io.env),
    };
    try {
      if (listen !== undefined) {
        const stop = new AbortController();
        const end = (): void => stop.abort();
        process.once("SIGINT", end);
        process.once("SIGTERM", end);
        try {
          const o = await listenDnstapIngest({
            ...shared,
            listen,
            signal: stop.signal,
            onListening: (address) =>
              io.stderr.write(`listening for dnstap on ${address} (Ctrl-C to stop)\n`),
            onError: (e) => io.stderr.write(`dnsight: dnstap connection: ${e.message}\n`),
          });
          if (o.dropped.size > 0)
            io.stderr.write(
              `dnstap connections closed for a limit: ${[...o.dropped].map(([r, k]) => `${r} ${k}`).join(", ")}\n`,
            );
          io.stderr.write(summary(listen, o.stats, Date.now() - started));
          printAlerts(io, o.alerts);
          return 0;
        } finally {
          process.off("SIGINT", end);
          process.off("SIGTERM", end);
        }
      }
      const shown = inputBar(io.stderr, path, "rows", { bytesRead: 0, rows: 0 }, (p) => p.rows);
      bar = shown.bar;
      // A second Ctrl-C does not wait for the last write: the store survives a kill.
      interrupt = watchInterrupt({ once: true });
      bar.start();
      const o = await ingestInput({
        ...shared,
        format,
        ...(path === "-" ? { stream: io.stdin } : { path }),
        ...(ports !== undefined ? { ports } : {}),
        ...(threads !== undefined ? { threads } : {}),
        ...(roundMb !== undefined ? { roundBytes: roundMb << 20 } : {}),
        restart: values.restart === true,
        writeThread: true,
        signal: interrupt.signal,
        onProgress: shown.onProgress,
      });
      bar.stop();
      // The bar is gone, and the usual Ctrl-C is back for what follows.
      interrupt.dispose();
      if (o.stats.interrupted !== true) {
        io.stderr.write(summary(path, o.stats, Date.now() - started));
        for (const n of o.notes) io.stderr.write(`${noteText(n)}\n`);
        if (o.wrongFormat !== undefined)
          throw new DnsightError("INPUT", wrongFormatText(o.wrongFormat));
      }
      printAlerts(io, o.alerts);
      if (o.stats.interrupted === true) {
        io.stderr.write(
          interruptedReport(path, o.stats, {
            bytesRead: o.bytesRead,
            checkpointed: values.restart !== true,
          }),
        );
        return interrupt.status();
      }
      return 0;
    } finally {
      bar?.stop();
      interrupt?.dispose();
      await store.close();
    }
  },
});

function printAlerts(io: CommandIO, alerts: readonly Alert[]): void {
  for (const a of alerts) io.stderr.write(`${alertNotice(a)}\n`);
  if (alerts.length) io.stderr.write(`${alerts.length} new alerts (dnsight alerts)\n`);
}

function portsOption(v: unknown): number[] {
  return strings(v).map((p) => {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 1 || n > 65535)
      throw new DnsightError("USAGE", `--port wants port numbers 1-65535, got "${p}"`);
    return n;
  });
}
