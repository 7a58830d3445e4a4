import { DnsightError } from "../../../src/errors.js";
import type { ObservationInput, Observation } from "../../../src/model/observation.js";
import { ingest } from "../../../src/passive/ingest.js";
import { canonicalRdata } from "../../../src/passive/rdata.js";
import { SkipCounter, type Source } from "../../../src/passive/source.js";
import { readCof } from "../../../src/passive/sources/cof.js";
import { readDnstapSource } from "../../../src/passive/sources/dnstap/source.js";
import { readPassiveDns } from "../../../src/passive/sources/passivedns.js";
import { pcapSource } from "../../../src/passive/sources/pcap/source.js";
import { zeekAnswers } from "../../../src/passive/sources/zeek-answers.js";
import {
  readZeekDns,
  scanZeekKeys,
  zeekQueryOf,
  type ZeekLine,
} from "../../../src/passive/sources/zeek.js";
import { normaliseObservation } from "../../../src/store/observation.js";
import { mulberry32, quickHash } from "../rng.js";
import { svcbKdigQuirk } from "./kdig-quirks.js";
import {
  checkSkipReasons,
  dnsightError,
  messageOf,
  OracleError,
  type FuzzTarget,
} from "../target.js";

// The ingest sources (src/passive/sources), each run through the real ingest() into a
// store that only checks what it is given: every row's rdata must already be in the one
// canonical form (what test/integration/pcap-fuzz.test.ts asserts of a real store). A
// source's contract: a broken container or frame stream is a DnsightError; a bad line or
// packet is skipped and counted, and a JavaScript error counted as a skip is a crash.

const NAME = "fuzz.input";

/**
 * The input in chunks whose sizes are a function of its bytes (so a corpus file replays
 * the same way): mostly whole or in 64 KiB pieces as a file stream reads, sometimes in
 * pieces of up to 512 or 16 bytes to find mistakes at chunk boundaries. Small pieces only
 * for inputs under 64 KiB: a reader that re-joins what it holds on every chunk costs the
 * square of the chunk count, which no file or pipe delivers (see the bench's report).
 */
export async function* chunked(input: Uint8Array): AsyncGenerator<Uint8Array> {
  const h = quickHash(input);
  const mode = h % 8;
  if (mode < 3 || input.length === 0) {
    yield input;
    return;
  }
  const r = mulberry32(h);
  const most = input.length >= 65536 || mode < 6 ? 65536 : mode === 6 ? 512 : 16;
  for (let at = 0; at < input.length;) {
    const n = 1 + Math.floor(r() * most);
    yield input.subarray(at, at + n);
    at += n;
  }
}

function checkRows(rows: readonly Observation[]): void {
  for (const o of rows) {
    if (svcbKdigQuirk(o.rrtype, o.rdata)) continue;
    let again: string;
    try {
      again = canonicalRdata(o.rrtype, o.rdata);
    } catch (e) {
      throw new OracleError(
        `stored ${o.rrtype} rdata does not parse (${messageOf(e)})`,
        o.rdata.slice(0, 200),
      );
    }
    if (again !== o.rdata)
      throw new OracleError(
        `stored ${o.rrtype} rdata is not canonical`,
        `${o.rdata.slice(0, 200)} became ${again.slice(0, 200)}`,
      );
  }
}

/** The whole ingest path: source, aggregation, normalisation, merged rows. */
async function ingestAll(source: Source, input: Uint8Array): Promise<void> {
  const skipped = new SkipCounter();
  try {
    await ingest({
      store: {
        writeObservations: async (rows) => checkRows(rows),
        readCheckpoint: async () => undefined,
      },
      source,
      input: chunked(input),
      name: NAME,
      skipped,
      sensorId: "fuzz",
    });
  } finally {
    checkSkipReasons(skipped.reasons.keys());
  }
}

const sourceTarget = (name: string, source: Source, format: string): FuzzTarget => ({
  name,
  contract: `${format} through ingest(): DnsightError "INPUT" for a broken input, bad parts skipped`,
  run: (input) => ingestAll(source, input),
  clean: dnsightError("INPUT"),
});

/**
 * A parallel ingest's way through a dns.log (range-parse.ts): keys first, then each
 * distinct answer rebuilt from its line. Run after the ordinary ingest of the same bytes.
 */
async function zeekByKey(input: Uint8Array): Promise<void> {
  const skipped = new SkipCounter();
  const kept: ZeekLine[] = [];
  const keys = new Set<string>();
  await scanZeekKeys(
    chunked(input),
    { name: NAME, skipped },
    {
      seen: (key) => !keys.has(key) && keys.add(key) !== undefined,
      keep: (z) => kept.push(z),
    },
  );
  for (const z of kept) {
    const times = new SkipCounter();
    for (const r of zeekAnswers(zeekQueryOf(z), times)) {
      const record = r.record as ObservationInput;
      record.source = "passive";
      try {
        checkRows([normaliseObservation(record, "record")]);
      } catch (e) {
        if (!(e instanceof DnsightError)) throw e;
      }
    }
    checkSkipReasons(times.reasons.keys());
  }
  checkSkipReasons(skipped.reasons.keys());
}

const zeekTarget = (name: string, format: string): FuzzTarget => ({
  name,
  contract: `Zeek ${format} through ingest() and the parallel ingest's key pass: DnsightError "INPUT" only`,
  async run(input) {
    await ingestAll(readZeekDns, input);
    await zeekByKey(input);
  },
  clean: dnsightError("INPUT"),
});

export const cof = sourceTarget("cof", readCof, "COF NDJSON");
export const zeekTsv = zeekTarget("zeek-tsv", "TSV");
export const zeekJson = zeekTarget("zeek-json", "JSON lines");
export const passivedns = sourceTarget("passivedns", readPassiveDns, "passivedns log");
export const dnstap = sourceTarget("dnstap", readDnstapSource, "dnstap Frame Streams");
export const pcap = sourceTarget("pcap", pcapSource(), "pcap");
export const pcapng = sourceTarget("pcapng", pcapSource(), "pcapng");
