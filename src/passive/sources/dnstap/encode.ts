import { DnsightError } from "../../../errors.js";
import { ipv4ToBytes, ipv6ToBytes } from "../../../net/ip.js";
import { WireWriter } from "../../../dns/wire/writer.js";
import {
  HTTP_PROTOCOLS,
  MESSAGE_TYPES,
  SOCKET_FAMILIES,
  SOCKET_PROTOCOLS,
  type DnstapRecord,
} from "./dnstap-message.js";

// The inverse of decodeDnstap: a record back to a Dnstap protobuf, for writers (a test
// sensor, a replay) that speak Frame Streams to a collector.

class ProtoWriter {
  private parts: Uint8Array[] = [];

  varint(field: number, v: number): this {
    this.parts.push(varint(field * 8), varint(v));
    return this;
  }

  fixed32(field: number, v: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    this.parts.push(varint(field * 8 + 5), b);
    return this;
  }

  bytes(field: number, b: Uint8Array): this {
    this.parts.push(varint(field * 8 + 2), varint(b.length), b);
    return this;
  }

  finish(): Uint8Array {
    return Buffer.concat(this.parts);
  }
}

function varint(v: number): Uint8Array {
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Uint8Array.from(out);
}

const index = <T>(names: readonly T[], name: T): number => names.indexOf(name) + 1;

function addr(text: string): Uint8Array {
  const b = ipv4ToBytes(text) ?? ipv6ToBytes(text);
  if (!b) throw new DnsightError("INPUT", `not an IP address: ${text}`);
  return b;
}

function time(w: ProtoWriter, secField: number, ms: number): void {
  const sec = Math.floor(ms / 1000);
  w.varint(secField, sec).fixed32(secField + 1, Math.round((ms - sec * 1000) * 1e6));
}

export function encodeDnstap(r: DnstapRecord): Uint8Array {
  const m = new ProtoWriter().varint(1, index(MESSAGE_TYPES, r.messageType));
  if (r.socketFamily) m.varint(2, index(SOCKET_FAMILIES, r.socketFamily));
  if (r.socketProtocol) m.varint(3, index(SOCKET_PROTOCOLS, r.socketProtocol));
  if (r.queryAddress !== undefined) m.bytes(4, addr(r.queryAddress));
  if (r.responseAddress !== undefined) m.bytes(5, addr(r.responseAddress));
  if (r.queryPort !== undefined) m.varint(6, r.queryPort);
  if (r.responsePort !== undefined) m.varint(7, r.responsePort);
  if (r.queryTime !== undefined) time(m, 8, r.queryTime);
  if (r.queryMessage) m.bytes(10, r.queryMessage);
  if (r.queryZone !== undefined) {
    const w = new WireWriter();
    w.name(r.queryZone);
    m.bytes(11, w.finish());
  }
  if (r.responseTime !== undefined) time(m, 12, r.responseTime);
  if (r.responseMessage) m.bytes(14, r.responseMessage);
  if (r.httpProtocol) m.varint(16, index(HTTP_PROTOCOLS, r.httpProtocol));
  const d = new ProtoWriter();
  if (r.identity !== undefined) d.bytes(1, Buffer.from(r.identity));
  if (r.version !== undefined) d.bytes(2, Buffer.from(r.version));
  if (r.extra) d.bytes(3, r.extra);
  return d.bytes(14, m.finish()).varint(15, 1).finish();
}
