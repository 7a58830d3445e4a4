import { closeSync, openSync, readSync } from "node:fs";
import type { IngestStats } from "../passive/ingest.js";
import { firstLine, sniffFormat } from "../passive/sniff.js";
import { DEFAULT_DNS_PORTS, MDNS_PORT } from "../passive/sources/pcap/index.js";
import { printable } from "../util/printable.js";
import type { IngestFormat } from "./ingest-formats.js";

// What an ingest says about its input beyond the counts: multicast DNS it left
// unread, DNS probably on another port, or a file in another format than named.

/** What an ingest saw of a capture's traffic outside the ports it read. */
export interface Unread {
  /** UDP and TCP packets by "udp/PORT", the lower port of each. */
  otherPorts: Map<string, number>;
  /** The ports read as DNS (undefined: the default). */
  ports: readonly number[] | undefined;
}

const mdnsPackets = (otherPorts: Map<string, number>): number =>
  otherPorts.get(`udp/${MDNS_PORT}`) ?? 0;

/** The note for a capture that holds multicast DNS this ingest did not read, if it does. */
export function mdnsNotRead(u: Unread, s: IngestStats): string | undefined {
  const n = mdnsPackets(u.otherPorts);
  // With nothing at all read, portHint says it.
  if (n === 0 || (s.observations === 0 && s.items === s.resumedItems)) return undefined;
  return `not read: ${n} packets on port 5353 (multicast DNS, read only when asked: --port 53,5353)`;
}

/**
 * A capture in which no DNS was found but other UDP or TCP traffic was: DNS on a
 * port not read, most likely. Said as a warning: the capture itself was read.
 */
export function portHint(
  format: IngestFormat,
  name: string,
  s: IngestStats,
  u: Unread,
): string | undefined {
  if (format !== "pcap" || s.items - s.resumedItems > 0 || u.otherPorts.size === 0)
    return undefined;
  const read = u.ports ?? DEFAULT_DNS_PORTS;
  const where = `no DNS found in ${name} on port${read.length > 1 ? "s" : ""} ${read.join(", ")}`;
  const busiest = [...u.otherPorts].sort((a, b) => b[1] - a[1]).slice(0, 5);
  const port = busiest[0]![0].split("/")[1];
  if (port === String(MDNS_PORT))
    return `${where}; ${mdnsPackets(u.otherPorts)} packets are on port 5353, multicast DNS, which is read only when asked: try --port 5353`;
  return `${where}; UDP/TCP traffic is on ${busiest.map(([p, n]) => `${p} (${n} packets)`).join(", ")}: if DNS runs on one of these, try --port ${port}`;
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
): string | undefined {
  if (format === "pcap" || format === "dnstap" || s.observations > 0) return undefined;
  // Damage (a line over the cap) is not the format's fault, and a file this ingest
  // read before is not in the wrong format.
  let rejected = 0;
  for (const [reason, n] of s.skipped.reasons) if (!s.skipped.damage.has(reason)) rejected += n;
  if (rejected === 0 || s.resumedItems > 0) return undefined;
  const head = path === undefined ? undefined : readHead(path);
  const guess = head && sniffFormat(head);
  const first = head ? printable(firstLine(head).slice(0, 100)) : undefined;
  return (
    `nothing in ${name} could be read as ${format}: ${rejected} skipped` +
    (first !== undefined ? `; its first line is "${first}"` : "") +
    (guess && guess !== format
      ? `; it looks like ${guess}: try 'dnsight ingest ${guess} ${name}'`
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
