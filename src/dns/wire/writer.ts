import { textToLabels } from "./name.js";

/**
 * A growing output buffer for DNS messages, with optional name compression
 * (RFC 1035 §4.1.4) keyed on the suffix's exact bytes: a pointer to "EXAMPLE.com."
 * would turn "example.com." into it, and the case of names is kept (RFC 4343 §4).
 */
export class WireWriter {
  private buf: Buffer;
  pos = 0;
  private readonly names = new Map<string, number>();
  /** Set while encoding RDATA of a type whose names may be compressed (RFC 3597 §4). */
  compressRdata = false;

  constructor(size = 512) {
    this.buf = Buffer.allocUnsafe(size);
  }

  private grow(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(v: number): void {
    this.grow(1);
    this.buf[this.pos++] = v & 0xff;
  }

  u16(v: number): void {
    this.grow(2);
    this.buf.writeUInt16BE(v & 0xffff, this.pos);
    this.pos += 2;
  }

  u32(v: number): void {
    this.grow(4);
    this.buf.writeUInt32BE(v >>> 0, this.pos);
    this.pos += 4;
  }

  bytes(b: Uint8Array): void {
    this.grow(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Writes a <character-string>; the caller guarantees at most 255 bytes. */
  charString(b: Uint8Array): void {
    this.u8(b.length);
    this.bytes(b);
  }

  /** Overwrites a 16-bit value written earlier (an RDLENGTH or a count). */
  patchU16(at: number, v: number): void {
    this.buf.writeUInt16BE(v & 0xffff, at);
  }

  /** Writes a presentation name; `compress` allows pointers to names written before. */
  name(text: string, compress = false): void {
    this.labels(textToLabels(text), compress);
  }

  /** Writes a name inside RDATA, compressed only where the type allows it. */
  rdataName(text: string): void {
    this.name(text, this.compressRdata);
  }

  labels(labels: readonly Uint8Array[], compress = false): void {
    for (let i = 0; i < labels.length; i++) {
      const key = compress || this.pos < 0x4000 ? suffixKey(labels, i) : undefined;
      if (compress && key !== undefined) {
        const at = this.names.get(key);
        if (at !== undefined) {
          this.u16(0xc000 | at);
          return;
        }
      }
      if (key !== undefined && this.pos < 0x4000 && !this.names.has(key))
        this.names.set(key, this.pos);
      this.charString(labels[i]!);
    }
    this.u8(0);
  }

  /** The bytes written so far (a view, not a copy). */
  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

function suffixKey(labels: readonly Uint8Array[], from: number): string {
  let key = "";
  for (let i = from; i < labels.length; i++) {
    const l = labels[i]!;
    for (let j = 0; j < l.length; j++) key += String.fromCharCode(l[j]!);
    key += "\u0100"; // a separator no label byte can be
  }
  return key;
}
