// DNS over TCP (RFC 1035 §4.2.2, RFC 7766): each message is preceded by a 2-byte length, and
// messages cross segment boundaries freely. Each direction of a connection is one flow: bytes
// are put back in sequence order (out-of-order segments wait, retransmitted and duplicate
// bytes are dropped), then cut into messages. Memory is bounded: a flow holds at most one
// partial message plus `maxFlowBytes` of out-of-order data, at most `maxFlows` flows live at
// once holding at most `maxBytes` between them (least recently used goes first), and a flow
// idle for `idleMs` of capture time, or ended by FIN or RST, is forgotten.

export interface TcpLimits {
  maxFlows: number;
  maxFlowBytes: number;
  maxBytes: number;
  idleMs: number;
}

export const DEFAULT_TCP_LIMITS: TcpLimits = {
  maxFlows: 10_000,
  maxFlowBytes: 256 * 1024,
  maxBytes: 64 << 20,
  idleMs: 300_000,
};

export interface TcpSegment {
  seq: number;
  syn: boolean;
  fin: boolean;
  rst: boolean;
  payload: Buffer;
}

interface Flow {
  /** Initial sequence number, when the SYN was seen; tells a retransmitted SYN from a new connection. */
  isn?: number;
  /** Sequence number of the next byte expected. */
  next: number;
  /** In-order bytes not yet cut into messages: at most one partial message. */
  buffered: Buffer;
  /** Segments beyond a gap, waiting for it to fill. */
  ahead: { seq: number; data: Buffer }[];
  aheadBytes: number;
  /** Sequence number just past the FIN, once a FIN was seen. */
  finAt?: number;
  /** Gave up on this flow (a gap that never filled); its bytes are ignored until it ends. */
  broken: boolean;
  lastTime: number;
}

const held = (flow: Flow): number => flow.buffered.length + flow.aheadBytes;

/** Signed distance from b to a in 32-bit sequence space (RFC 1982 style). */
const seqDiff = (a: number, b: number): number => (a - b) | 0;

export class TcpReassembler {
  private readonly flows = new Map<string, Flow>();
  /** Bytes held by all flows (partial messages and out-of-order segments). */
  private bytes = 0;

  constructor(
    private readonly limits: TcpLimits = DEFAULT_TCP_LIMITS,
    private readonly onDrop: (reason: string) => void = () => {},
  ) {}

  get size(): number {
    return this.flows.size;
  }

  /** Feeds one segment of flow `key` (one direction); returns the DNS messages it completes. */
  push(key: string, reverseKey: string, time: number, seg: TcpSegment): Buffer[] {
    this.expire(time);
    if (seg.rst) {
      this.end(key);
      this.end(reverseKey);
      return [];
    }
    const start = seg.syn ? (seg.seq + 1) >>> 0 : seg.seq;
    let flow = this.flows.get(key);
    if (flow && seg.syn && flow.isn !== seg.seq) {
      this.end(key); // the 4-tuple was reused by a new connection
      flow = undefined;
    }
    if (!flow) {
      // A capture may start mid-connection: the first byte seen is taken as the stream's start.
      if (!seg.syn && seg.payload.length === 0) return [];
      if (this.flows.size >= this.limits.maxFlows) {
        this.end(this.flows.keys().next().value as string, "TCP flow table full");
      }
      flow = {
        next: start,
        buffered: Buffer.alloc(0),
        ahead: [],
        aheadBytes: 0,
        broken: false,
        lastTime: time,
      };
      if (seg.syn) flow.isn = seg.seq;
    } else {
      this.flows.delete(key); // re-inserted below: the map stays in least-recently-used order
    }
    flow.lastTime = time;
    this.flows.set(key, flow);

    const messages: Buffer[] = [];
    if (seg.payload.length > 0 && !flow.broken) {
      const before = held(flow);
      this.accept(flow, start, seg.payload, messages);
      this.bytes += held(flow) - before;
    }
    if (seg.fin) flow.finAt = (start + seg.payload.length) >>> 0;
    if (flow.finAt !== undefined && (flow.broken || flow.next === flow.finAt)) this.end(key);
    while (this.bytes > this.limits.maxBytes && this.flows.size > 1) {
      this.end(this.flows.keys().next().value as string, "TCP reassembly memory full");
    }
    return messages;
  }

  private accept(flow: Flow, seq: number, data: Buffer, out: Buffer[]): void {
    let d = seqDiff(seq, flow.next);
    if (d > 0) {
      if (flow.aheadBytes + data.length > this.limits.maxFlowBytes) {
        flow.broken = true;
        flow.buffered = Buffer.alloc(0);
        flow.ahead = [];
        flow.aheadBytes = 0;
        this.onDrop("TCP gap never filled");
        return;
      }
      flow.ahead.push({ seq, data: Buffer.from(data) }); // a copy: the frame is a view into the input
      flow.aheadBytes += data.length;
      return;
    }
    if (-d >= data.length) return; // a retransmission of bytes already had
    this.append(flow, data.subarray(-d));
    // The gap may now be filled: take every waiting segment that starts at or before `next`.
    for (let progress = true; progress && flow.ahead.length > 0;) {
      progress = false;
      for (let i = 0; i < flow.ahead.length; i++) {
        const a = flow.ahead[i] as { seq: number; data: Buffer };
        d = seqDiff(a.seq, flow.next);
        if (d > 0) continue;
        flow.ahead.splice(i, 1);
        flow.aheadBytes -= a.data.length;
        if (-d < a.data.length) this.append(flow, a.data.subarray(-d));
        progress = true;
        break;
      }
    }
    this.frame(flow, out);
  }

  private append(flow: Flow, data: Buffer): void {
    flow.buffered =
      flow.buffered.length === 0 ? Buffer.from(data) : Buffer.concat([flow.buffered, data]);
    flow.next = (flow.next + data.length) >>> 0;
  }

  private frame(flow: Flow, out: Buffer[]): void {
    const b = flow.buffered;
    let pos = 0;
    while (b.length - pos >= 2) {
      const len = b.readUInt16BE(pos);
      if (b.length - pos - 2 < len) break;
      if (len > 0) out.push(b.subarray(pos + 2, pos + 2 + len));
      pos += 2 + len;
    }
    if (pos > 0) flow.buffered = b.subarray(pos);
  }

  private end(key: string, reason?: string): void {
    const flow = this.flows.get(key);
    if (!flow) return;
    this.flows.delete(key);
    this.bytes -= held(flow);
    if (reason) this.onDrop(reason);
    else if (!flow.broken && (flow.buffered.length > 0 || flow.ahead.length > 0)) {
      this.onDrop("TCP flow ended inside a message");
    }
  }

  // Flows are in least-recently-used order and capture time only moves forward (near enough).
  private expire(now: number): void {
    for (const [key, flow] of this.flows) {
      if (now - flow.lastTime <= this.limits.idleMs) break;
      this.end(key);
    }
  }
}
