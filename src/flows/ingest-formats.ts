import type { Source } from "../passive/source.js";
import { readCof } from "../passive/sources/cof.js";
import { readDnstapSource } from "../passive/sources/dnstap/source.js";
import { readPassiveDns } from "../passive/sources/passivedns.js";
import { pcapSource } from "../passive/sources/pcap/source.js";
import { readZeekDns } from "../passive/sources/zeek.js";

// The formats an ingest reads, and the source that reads each.

export const INGEST_FORMATS = ["pcap", "dnstap", "zeek", "passivedns", "cof"] as const;
export type IngestFormat = (typeof INGEST_FORMATS)[number];

export const isIngestFormat = (s: string): s is IngestFormat =>
  (INGEST_FORMATS as readonly string[]).includes(s);

/** Line-oriented logs (a row is a line), as against captures (a row is a message). */
export const isLineFormat = (f: IngestFormat): f is "zeek" | "passivedns" | "cof" =>
  f !== "pcap" && f !== "dnstap";

/** The source for a format; a capture's reader counts traffic on other ports into `otherPorts`. */
export function sourceFor(
  format: IngestFormat,
  ports: readonly number[] | undefined,
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
