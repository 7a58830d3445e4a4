import { closeSync, openSync, readSync } from "node:fs";
import type { IngestStats } from "../passive/ingest.js";
import { firstLine, sniffFormat, type SniffedFormat } from "../passive/sniff.js";
import { DEFAULT_DNS_PORTS, MDNS_PORT } from "../passive/sources/pcap/index.js";
import { printable } from "../util/printable.js";
import type { IngestFormat } from "./ingest-formats.js";

// What an ingest says about its input beyond the counts: multicast DNS it left
// unread, DNS probably on another port, or a file in another format than named.
// Said as data, so the CLI, the API and the UI each word it their way.

/** What an ingest saw of a capture's traffic outside the ports it read. */
export interface Unread {
  /** UDP and TCP packets by "udp/PORT", the lower port of each. */
  otherPorts: Map<string, number>;
  /** The ports read as DNS (undefined: the default). */
  ports: readonly number[] | undefined;
}

/** What an ingest tells beyond its counts; the CLI words it (cli/ingest-notes-text.ts). */
export type IngestNote =
  /** A capture's multicast DNS (UDP 5353) was left unread: it is read only when asked. */
  | { kind: "mdns-not-read"; packets: number }
  /** No DNS was found on the ports read, but other UDP/TCP traffic was: DNS on another port? */
  | {
      kind: "no-dns-on-ports";
      input: string;
      /** The ports read. */
      ports: readonly number[];
      /** The busiest other ports, "udp/PORT" → packets, at most five, busiest first. */
      busiest: [string, number][];
      /** Packets on the multicast DNS port among them. */
      mdnsPackets: number;
    };

/** Every line of a line-oriented input rejected: the wrong format, most likely. */
export interface WrongFormat {
  input: string;
  format: IngestFormat;
  rejected: number;
  /** The first line of the file, printable and at most 100 characters (not for a stream). */
  firstLine?: string;
  /** The format the file looks like, when it looks like another one. */
  looksLike?: SniffedFormat;
}

const mdnsPackets = (otherPorts: Map<string, number>): number =>
  otherPorts.get(`udp/${MDNS_PORT}`) ?? 0;

/** The note for a capture that holds multicast DNS this ingest did not read, if it does. */
export function mdnsNotRead(u: Unread, s: IngestStats): IngestNote | undefined {
  const n = mdnsPackets(u.otherPorts);
  // With nothing at all read, portHint says it.
  if (n === 0 || (s.observations === 0 && s.items === s.resumedItems)) return undefined;
  return { kind: "mdns-not-read", packets: n };
}

/**
 * A capture in which no DNS was found but other UDP or TCP traffic was: DNS on a
 * port not read, most likely. A warning: the capture itself was read.
 */
export function portHint(
  format: IngestFormat,
  name: string,
  s: IngestStats,
  u: Unread,
): IngestNote | undefined {
  if (format !== "pcap" || s.items - s.resumedItems > 0 || u.otherPorts.size === 0)
    return undefined;
  return {
    kind: "no-dns-on-ports",
    input: name,
    ports: u.ports ?? DEFAULT_DNS_PORTS,
    busiest: [...u.otherPorts].sort((a, b) => b[1] - a[1]).slice(0, 5),
    mdnsPackets: mdnsPackets(u.otherPorts),
  };
}

/**
 * Why a line-oriented ingest that stored nothing failed, or undefined when it did
 * not: every line rejected, the wrong format most likely. (A capture in the wrong
 * format fails on its header; its skipped messages are damage, not a format error.)
 * `path` is undefined for a stream, whose first line cannot be read again.
 */
export function wrongFormat(
  format: IngestFormat,
  name: string,
  path: string | undefined,
  s: IngestStats,
): WrongFormat | undefined {
  if (format === "pcap" || format === "dnstap" || s.observations > 0) return undefined;
  // Damage (a line over the cap) is not the format's fault, and a file this ingest
  // read before is not in the wrong format.
  let rejected = 0;
  for (const [reason, n] of s.skipped.reasons) if (!s.skipped.damage.has(reason)) rejected += n;
  if (rejected === 0 || s.resumedItems > 0) return undefined;
  const head = path === undefined ? undefined : readHead(path);
  const guess = head && sniffFormat(head);
  return {
    input: name,
    format,
    rejected,
    ...(head ? { firstLine: printable(firstLine(head).slice(0, 100)) } : {}),
    ...(guess && guess !== format ? { looksLike: guess } : {}),
  };
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
