import type { IngestNote, WrongFormat } from "../flows/ingest-notes.js";
import { MDNS_PORT } from "../passive/sources/pcap/index.js";

// An ingest's notes in the command line's words: the options to try are flags here.

export function noteText(n: IngestNote): string {
  if (n.kind === "mdns-not-read")
    return `not read: ${n.packets} packets on port ${MDNS_PORT} (multicast DNS, read only when asked: --port 53,${MDNS_PORT})`;
  const where = `no DNS found in ${n.input} on port${n.ports.length > 1 ? "s" : ""} ${n.ports.join(", ")}`;
  const port = n.busiest[0]?.[0].split("/")[1];
  if (port === String(MDNS_PORT))
    return `warning: ${where}; ${n.mdnsPackets} packets are on port ${MDNS_PORT}, multicast DNS, which is read only when asked: try --port ${MDNS_PORT}`;
  return `warning: ${where}; UDP/TCP traffic is on ${n.busiest.map(([p, k]) => `${p} (${k} packets)`).join(", ")}: if DNS runs on one of these, try --port ${port}`;
}

export function wrongFormatText(w: WrongFormat): string {
  return (
    `nothing in ${w.input} could be read as ${w.format}: ${w.rejected} skipped` +
    (w.firstLine !== undefined ? `; its first line is "${w.firstLine}"` : "") +
    (w.looksLike !== undefined
      ? `; it looks like ${w.looksLike}: try 'dnsight ingest ${w.looksLike} ${w.input}'`
      : "")
  );
}
