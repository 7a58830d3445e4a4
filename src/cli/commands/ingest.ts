import {
  closeSync,
  createReadStream,
  openSync,
  readSync,
  realpathSync,
  statSync,
  type ReadStream,
} from "node:fs";
import { availableParallelism } from "node:os";
import { DnsightError } from "../../errors.js";
import { ingest, type IngestStats } from "../../passive/ingest.js";
import { ingestLinesParallel } from "../../passive/parallel-ingest.js";
import { SkipCounter, type Source, type SourceItem } from "../../passive/source.js";
import { readCof } from "../../passive/sources/cof.js";
import { isPassiveDnsResponse } from "../../passive/sources/dnstap/dnstap-message.js";
import { listenDnstap } from "../../passive/sources/dnstap/listener.js";
import { readDnstapSource } from "../../passive/sources/dnstap/source.js";
import { readPassiveDns } from "../../passive/sources/passivedns.js";
import { pcapSource } from "../../passive/sources/pcap/source.js";
import { DEFAULT_DNS_PORTS, MDNS_PORT } from "../../passive/sources/pcap/index.js";
import { firstLine, sniffFormat } from "../../passive/sniff.js";
import { printable } from "../../util/printable.js";
import { readZeekDns } from "../../passive/sources/zeek.js";
import { lookalikesInIngest, tapNames } from "../../detect/ingest-lookalikes.js";
import {
  raiseFindings,
  tapWatched,
  watchedNames,
  type WatchedTap,
} from "../../detect/ingest-watched.js";
import { dataDir } from "../../data/data-dir.js";
import { lazyIpLookup } from "../../enrich/lazy.js";
import { openStore, parseStoreUrl } from "../../store/open.js";
import type { Store } from "../../store/types.js";
import { openObservationWriter } from "../../store/write-thread.js";
import { defineCommand, type CommandIO } from "../command.js";
import { DATA_DIR_OPTION, intOption, strings } from "../options.js";
import { inputProgress, type InputProgress } from "../input-progress.js";
import { interruptedReport, summary } from "../ingest-report.js";
import { watchInterrupt, type Interrupt } from "../interrupt.js";
import { counted } from "../../util/byte-count.js";
import { storeOption } from "../store-io.js";

// `dnsight ingest FORMAT FILE|-`: a sensor's output into the store. A file is
// checkpointed (by its real path and inode), so running the same command again
// after a crash or a kill carries on where the store stopped; standard input and a
// listener are not.

/** Distinct rows per batch when reading a file (a live input keeps ingest's 20,000). */
const FILE_BATCH_ROWS = 100_000;
/** Files from this size get a writer thread. */
const WRITE_THREAD_MIN_BYTES = 16 << 20;

const FORMATS = ["pcap", "dnstap", "zeek", "passivedns", "cof"] as const;
type Format = (typeof FORMATS)[number];

function sourceFor(
  format: Format,
  ports: number[] | undefined,
  otherPorts: Map<string, number>,
): Source {
  switch (format) {
    case "pcap":
      return pcapSource(ports, otherPorts);
    case "dnstap":
      return readDnstapSource;
    case "zeek":
      return readZeekDns;
    case "passivedns":
      return readPassiveDns;
    case "cof":
      return readCof;
  }
}

export const ingestCommand = defineCommand({
  name: "dnsight ingest",
  description:
    "Read passive DNS into the store: packet captures (pcap, pcapng), dnstap files or a live dnstap socket, Zeek dns.log, passivedns sensor logs, or COF. Running the same file again resumes where the store stopped. " +
    "Damaged input does not stop an ingest: a line over 1 MiB, or a capture that ends inside a record, is skipped and reported with its byte offset and a warning, everything else is stored, and the exit status is 0 (a run again would find the same damage). " +
    "Another process writing to the same database is waited for, with a message every few seconds. " +
    "On a terminal a progress bar shows the bytes read, rows/s and an ETA; Ctrl-C stores what was read with its checkpoint and exits 130, and the same command again continues.",
  positionals: [
    { name: "FORMAT", description: FORMATS.join("|"), required: true },
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
    const format = positionals[0] as Format;
    if (!FORMATS.includes(format))
      throw new DnsightError(
        "USAGE",
        `ingest: FORMAT must be one of ${FORMATS.join(", ")}, got "${format}"`,
      );
    const listen = values.listen as string | undefined;
    if (listen !== undefined && format !== "dnstap")
      throw new DnsightError("USAGE", "ingest: --listen is for dnstap only");
    if (listen !== undefined && positionals[1] !== undefined)
      throw new DnsightError("USAGE", "ingest: give a FILE or --listen, not both");
    const ports = values.port === undefined ? undefined : portsOption(values.port);
    if (ports && format !== "pcap")
      throw new DnsightError("USAGE", "ingest: --port is for pcap only");
    const batchRows = intOption(values["batch-rows"], "batch-rows", 1, 10_000_000);
    const commitMs = intOption(values["commit-ms"], "commit-ms", 1, 600_000);
    const roundMb = intOption(values["round-mb"], "round-mb", 1, 4096);
    const threads =
      intOption(values.threads, "threads", 1, 64) ?? Math.min(4, availableParallelism());
    const sensorId = values.sensor as string | undefined;
    const path = positionals[1] ?? "-";
    const started = Date.now();
    const skipped = new SkipCounter();
    const otherPorts = new Map<string, number>();
    // A file or standard input gets a bar on a terminal, and Ctrl-C stores what was
    // read with its checkpoint; a listener runs until stopped and has neither.
    let progress: InputProgress | undefined;
    let live: Readonly<IngestStats> | undefined;
    let interrupt: Interrupt | undefined;
    // Another ingest (or any writer) on the same file is waited for, however long,
    // and said so every few seconds; this one commits in short pieces in turn.
    const storeOptions = {
      lockTimeoutMs: Infinity,
      onLockWait: (ms: number): void => {
        progress?.bar.clear();
        io.stderr.write(
          `waiting for the database lock held by another writer (${Math.round(ms / 1000)} s so far)…\n`,
        );
      },
      ...(commitMs !== undefined ? { commitMs } : {}),
    };
    const store = await openStore(storeOption(values, io.env), storeOptions);
    // The names written, for the lookalike analytic once the ingest is done, and the
    // addresses of watched names, compared with the store as it was.
    const names = new Set<string>();
    const watched = await watchedNames(store);
    const ipLookup = watched.length ? lazyIpLookup(dataDir(values["data-dir"], io.env)) : undefined;
    const taps: WatchedTap[] = [];
    const tap = <S extends Pick<Store, "writeObservations">>(w: S): S => {
      const t = tapWatched(tapNames(w, names), store, watched, listen ?? path, ipLookup);
      taps.push(t.tap);
      return t.store;
    };
    try {
      const common = {
        store: tap(store),
        skipped,
        ...(sensorId !== undefined ? { sensorId } : {}),
        ...(batchRows !== undefined ? { batchRows } : {}),
      };
      let stats: IngestStats;
      if (listen !== undefined) {
        stats = await ingestListener(listen, common, io);
      } else {
        const name = path;
        if (path !== "-") checkReadable(path); // a missing file fails here, by name
        // Rows are lines for a log, messages for a capture.
        const lines = format !== "pcap" && format !== "dnstap";
        const p = (progress = inputProgress(io.stderr, path, "rows", (read) =>
          lines ? read.lines : (live?.items ?? 0),
        ));
        const input = () => counted(path === "-" ? io.stdin : openInput(path), p.read);
        const checkpointKey =
          path === "-" || values.restart === true
            ? undefined
            : await checkpointKeyFor(store, format, sensorId, path);
        // A second Ctrl-C does not wait for the last write: the store survives a kill.
        interrupt = watchInterrupt({ once: true });
        const signal = interrupt.signal;
        p.bar.start();
        if (path !== "-" && lines && threads > 1) {
          stats = await ingestLinesParallel({
            ...common,
            path,
            format,
            threads,
            ...(roundMb !== undefined ? { roundBytes: roundMb << 20 } : {}),
            ...(batchRows !== undefined ? { flushRows: batchRows } : {}),
            ...(checkpointKey !== undefined ? { checkpointKey } : {}),
            read: p.read,
            signal,
          });
        } else {
          // A large file's rows go into SQLite on a thread of their own while this one
          // parses; for a small input, starting the thread costs more than it saves.
          const url = storeOption(values, io.env);
          const writer =
            parseStoreUrl(url).backend === "sqlite" &&
            path !== "-" &&
            statSync(path).size >= WRITE_THREAD_MIN_BYTES
              ? await openObservationWriter(url, storeOptions)
              : undefined;
          try {
            stats = await ingest({
              ...common,
              ...(writer ? { store: tap(writer) } : {}),
              name,
              source: sourceFor(format, ports, otherPorts),
              input: input(),
              // A file is read as fast as the disk gives it: fewer, larger batches
              // (a busy name is one row, not one per batch); stdin may be a live capture.
              ...(path !== "-"
                ? { batchRows: batchRows ?? FILE_BATCH_ROWS, maxDelayMs: 30_000 }
                : {}),
              ...(checkpointKey !== undefined ? { checkpointKey } : {}),
              onStart: (s) => (live = s),
              signal,
            });
          } finally {
            await writer?.close();
          }
        }
        p.bar.stop();
        // The bar is gone, and the usual Ctrl-C is back for what follows.
        interrupt.dispose();
      }
      if (stats.interrupted !== true) {
        io.stderr.write(summary(listen ?? path, stats, Date.now() - started));
        if (listen === undefined) {
          const mdns = format === "pcap" ? mdnsNotRead(otherPorts, stats) : undefined;
          if (mdns !== undefined) io.stderr.write(`${mdns}\n`);
          const hint = portHint(format, path, stats, otherPorts, ports);
          if (hint !== undefined) io.stderr.write(`warning: ${hint}\n`);
          const wrong = wrongFormat(format, path, stats);
          if (wrong !== undefined) throw new DnsightError("INPUT", wrong);
        }
      }
      const raised = [
        ...(await lookalikesInIngest(store, names, listen ?? path)),
        ...(await raiseFindings(
          store,
          taps.flatMap((t) => t.findings),
        )),
      ];
      for (const a of raised)
        io.stderr.write(`alert ${a.id}: ${a.summary} (${a.techniques.join(", ")})\n`);
      if (raised.length) io.stderr.write(`${raised.length} new alerts (dnsight alerts)\n`);
      // What was stored is checked for alerts as after a whole run, before the last word.
      if (stats.interrupted === true && interrupt !== undefined) {
        io.stderr.write(
          interruptedReport(path, stats, {
            bytesRead: progress?.read.bytes ?? 0,
            checkpointed: values.restart !== true,
          }),
        );
        return interrupt.status();
      }
      return 0;
    } finally {
      progress?.bar.stop();
      interrupt?.dispose();
      await store.close();
    }
  },
});

function portsOption(v: unknown): number[] {
  return strings(v).map((p) => {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 1 || n > 65535)
      throw new DnsightError("USAGE", `--port wants port numbers 1-65535, got "${p}"`);
    return n;
  });
}

function checkReadable(path: string): void {
  try {
    if (!statSync(path).isFile()) throw new DnsightError("INPUT", `${path} is not a file`);
  } catch (e) {
    if (e instanceof DnsightError) throw e;
    throw new DnsightError(
      "INPUT",
      `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

function openInput(path: string): ReadStream {
  return createReadStream(path, { highWaterMark: 1 << 20 });
}

/**
 * The checkpoint of this file read as this format for this sensor: the same file
 * read as another format, or for another sensor, is another ingest. A checkpoint an
 * older dnsight kept under the file alone is taken over once.
 */
async function checkpointKeyFor(
  store: Store,
  format: Format,
  sensorId: string | undefined,
  path: string,
): Promise<string> {
  const file = fileKey(path);
  const key = `${format}:${sensorId ?? ""}:${file}`;
  if ((await store.readCheckpoint(key)) === undefined) {
    const legacy = await store.readCheckpoint(file);
    if (legacy !== undefined)
      await store.writeObservations([], { input: key, offset: legacy.offset });
  }
  return key;
}

const mdnsPackets = (otherPorts: Map<string, number>): number =>
  otherPorts.get(`udp/${MDNS_PORT}`) ?? 0;

/** The note for a capture that holds multicast DNS this ingest did not read, if it does. */
function mdnsNotRead(otherPorts: Map<string, number>, s: IngestStats): string | undefined {
  const n = mdnsPackets(otherPorts);
  // With nothing at all read, portHint says it.
  if (n === 0 || (s.observations === 0 && s.items === s.resumedItems)) return undefined;
  return `not read: ${n} packets on port 5353 (multicast DNS, read only when asked: --port 53,5353)`;
}

/**
 * A capture in which no DNS was found but other UDP or TCP traffic was: DNS on a
 * port not read, most likely. Said as a warning: the capture itself was read.
 */
function portHint(
  format: Format,
  path: string,
  s: IngestStats,
  otherPorts: Map<string, number>,
  ports: number[] | undefined,
): string | undefined {
  if (format !== "pcap" || s.items - s.resumedItems > 0 || otherPorts.size === 0) return undefined;
  const read = ports ?? DEFAULT_DNS_PORTS;
  const where = `no DNS found in ${path} on port${read.length > 1 ? "s" : ""} ${read.join(", ")}`;
  const busiest = [...otherPorts].sort((a, b) => b[1] - a[1]).slice(0, 5);
  const port = busiest[0]![0].split("/")[1];
  if (port === String(MDNS_PORT))
    return `${where}; ${mdnsPackets(otherPorts)} packets are on port 5353, multicast DNS, which is read only when asked: try --port 5353`;
  return `${where}; UDP/TCP traffic is on ${busiest.map(([p, n]) => `${p} (${n} packets)`).join(", ")}: if DNS runs on one of these, try --port ${port}`;
}

/**
 * Why a line-oriented ingest that stored nothing failed, or undefined when it did
 * not: every line rejected, the wrong format most likely. (A capture in the wrong
 * format fails on its header; its skipped messages are damage, not a format error.)
 */
function wrongFormat(format: Format, path: string, s: IngestStats): string | undefined {
  if (format === "pcap" || format === "dnstap" || s.observations > 0) return undefined;
  // Damage (a line over the cap) is not the format's fault, and a file this ingest
  // read before is not in the wrong format.
  let rejected = 0;
  for (const [reason, n] of s.skipped.reasons) if (!s.skipped.damage.has(reason)) rejected += n;
  if (rejected === 0 || s.resumedItems > 0) return undefined;
  const head = path === "-" ? undefined : readHead(path);
  const guess = head && sniffFormat(head);
  const first = head ? printable(firstLine(head).slice(0, 100)) : undefined;
  return (
    `nothing in ${path} could be read as ${format}: ${rejected} skipped` +
    (first !== undefined ? `; its first line is "${first}"` : "") +
    (guess && guess !== format
      ? `; it looks like ${guess}: try 'dnsight ingest ${guess} ${path}'`
      : "")
  );
}

function readHead(path: string): Buffer | undefined {
  try {
    const fd = openSync(path, "r");
    try {
      const b = Buffer.alloc(4096);
      return b.subarray(0, readSync(fd, b, 0, b.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** The same file, however it is named: its real path and inode (a rotated log is a new file). */
function fileKey(path: string): string {
  const st = statSync(path);
  return `file:${realpathSync(path)}:${st.dev}:${st.ino}`;
}

async function ingestListener(
  spec: string,
  common: Omit<Parameters<typeof ingest>[0], "name">,
  io: CommandIO,
): Promise<IngestStats> {
  const listener = await listenDnstap(spec, {
    ...(common.skipped ? { skipped: common.skipped } : {}),
    onError: (e) => io.stderr.write(`dnsight: dnstap connection: ${e.message}\n`),
  });
  io.stderr.write(`listening for dnstap on ${listener.address} (Ctrl-C to stop)\n`);
  const stop = (): void => void listener.close();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  let n = 0;
  async function* items(): AsyncGenerator<SourceItem> {
    for await (const r of listener.records) {
      n++;
      if (!isPassiveDnsResponse(r) || r.responseMessage === undefined) continue;
      const ms = r.responseTime ?? r.queryTime;
      if (ms === undefined) continue;
      const item: SourceItem = {
        kind: "message",
        time: ms / 1000,
        message: r.responseMessage,
        position: { offset: n },
      };
      if (r.queryZone !== undefined) item.bailiwick = r.queryZone;
      if (r.messageType === "AUTH_RESPONSE") item.authoritative = true;
      yield item;
    }
  }
  try {
    return await ingest({ ...common, name: listener.address, items: items() });
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    await listener.close();
    if (listener.dropped.size > 0)
      io.stderr.write(
        `dnstap connections closed for a limit: ${[...listener.dropped].map(([r, k]) => `${r} ${k}`).join(", ")}\n`,
      );
  }
}
