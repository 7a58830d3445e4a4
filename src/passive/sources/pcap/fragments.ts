import { PacketSkip } from "./_skip.js";

// Reassembly of IP fragments (RFC 791 for IPv4, RFC 8200 §4.5 for IPv6), in bounded memory:
// a datagram waits at most `timeoutMs` of capture time for its missing pieces, at most
// `maxDatagrams` wait at once holding at most `maxBytes` between them (the oldest is given
// up first), and none may grow past 64 KiB.

export interface FragmentLimits {
  timeoutMs: number;
  maxDatagrams: number;
  maxBytes: number;
}

export const DEFAULT_FRAGMENT_LIMITS: FragmentLimits = {
  timeoutMs: 30_000,
  maxDatagrams: 1024,
  maxBytes: 8 << 20,
};

const MAX_DATAGRAM = 65_535;
const MAX_PARTS = 128;

interface Pending {
  firstTime: number;
  bytes: number;
  parts: { offset: number; data: Buffer }[];
  /** Known once the last fragment (more-fragments clear) arrived. */
  total?: number;
  /** The upper-layer protocol, known from the fragment at offset 0. */
  protocol?: number;
}

export interface Reassembled {
  protocol: number;
  payload: Buffer;
}

export class FragmentBuffer {
  private readonly pending = new Map<string, Pending>();
  private bytes = 0;

  constructor(
    private readonly limits: FragmentLimits,
    /** Told about each datagram given up on, with the reason. */
    private readonly onDrop: (reason: string) => void = () => {},
  ) {}

  get size(): number {
    return this.pending.size;
  }

  /** Adds one fragment; returns the whole payload once every byte of it has arrived. */
  add(
    key: string,
    time: number,
    offset: number,
    more: boolean,
    data: Buffer,
    protocol: number,
  ): Reassembled | undefined {
    this.expire(time);
    let p = this.pending.get(key);
    if (!p) {
      if (this.pending.size >= this.limits.maxDatagrams) this.dropOldest();
      p = { firstTime: time, bytes: 0, parts: [] };
      this.pending.set(key, p);
    }
    const end = offset + data.length;
    const fail = (reason: string): never => {
      this.forget(key);
      throw new PacketSkip(reason);
    };
    if (end > MAX_DATAGRAM) fail("fragment beyond 64 KiB");
    if (p.parts.length >= MAX_PARTS) fail("too many fragments");
    if (!more) {
      if (p.total !== undefined && p.total !== end) fail("conflicting last fragments");
      p.total = end;
    }
    if (offset === 0) p.protocol = protocol;
    // A copy: the frame is a view into the input, which moves on.
    p.parts.push({ offset, data: Buffer.from(data) });
    p.bytes += data.length;
    this.bytes += data.length;
    while (this.bytes > this.limits.maxBytes && this.pending.size > 1) this.dropOldest();
    if (!this.pending.has(key)) return undefined;
    if (p.total === undefined || p.protocol === undefined) return undefined;

    p.parts.sort((a, b) => a.offset - b.offset);
    let covered = 0;
    for (const part of p.parts) {
      if (part.offset > covered) return undefined;
      covered = Math.max(covered, part.offset + part.data.length);
    }
    if (covered < p.total) return undefined;
    const payload = Buffer.alloc(p.total);
    for (const part of p.parts) {
      part.data.copy(
        payload,
        part.offset,
        0,
        Math.max(0, Math.min(part.data.length, p.total - part.offset)),
      );
    }
    this.forget(key);
    return { protocol: p.protocol, payload };
  }

  // Capture time only moves forward (near enough), so the oldest datagrams are first in the map.
  private expire(now: number): void {
    for (const [key, p] of this.pending) {
      if (now - p.firstTime <= this.limits.timeoutMs) break;
      this.forget(key);
      this.onDrop("fragment reassembly timed out");
    }
  }

  private dropOldest(): void {
    this.forget(this.pending.keys().next().value as string);
    this.onDrop("fragment buffer full");
  }

  private forget(key: string): void {
    const p = this.pending.get(key);
    if (!p) return;
    this.bytes -= p.bytes;
    this.pending.delete(key);
  }
}
