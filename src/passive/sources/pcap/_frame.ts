import { DnsightError } from "../../../errors.js";

/** One captured link-layer frame, as the container (pcap or pcapng) stored it. */
export interface Frame {
  /** Epoch milliseconds, fractional. */
  time: number;
  /** LINKTYPE_* value (https://www.tcpdump.org/linktypes.html). */
  linkType: number;
  /** The captured bytes; a view into the input, copy what you keep. */
  data: Buffer;
  /** Byte offset of the record in the input. */
  offset: number;
}

/** A broken container: fatal, since nothing after it can be framed reliably. */
export function fileError(name: string, offset: number, what: string): DnsightError {
  return new DnsightError("INPUT", `${name}: ${what} at byte ${offset}`);
}

/**
 * Told when the input ends inside a record: the capture was cut short (a capture
 * still being written, a copy that stopped, a killed tcpdump), or a record's length
 * is corrupt. Every whole record before it has been handed over; nothing follows.
 */
export type CutShort = (offset: number, what: string) => void;

/** Records larger than this are taken as corruption (Wireshark's own cap is 256 KiB). */
export const MAX_RECORD_BYTES = 1 << 20;

/** Frames handed over in one run at most (a bound on what one run pins of the input). */
export const MAX_RUN = 4096;
