import { DnsightError } from "../../errors.js";
import { labelToText } from "./name.js";

/**
 * A cursor over a DNS message. Every read is bounds-checked against `end`, so a
 * truncated or hostile packet fails with the offset instead of reading garbage.
 */
export class WireReader {
  readonly buf: Buffer;
  pos: number;
  end: number;
  /**
   * The name at byte 12 (a message's first question), as read once: most pointers in
   * a reply point there (RFC 1035 §4.1.4), and reading it again for every owner name
   * was a tenth of a bulk run's thread. Its text without the root, and its wire length.
   */
  private qnameText: string | undefined;
  private qnameLength = 0;

  constructor(buf: Buffer, pos = 0, end = buf.length) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
  }

  fail(what: string, at = this.pos): never {
    throw new DnsightError("WIRE", `${what} at byte ${at}`);
  }

  need(n: number, what: string): void {
    if (this.pos + n > this.end) this.fail(`truncated ${what}`);
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  u8(what = "byte"): number {
    this.need(1, what);
    return this.buf[this.pos++]!;
  }

  u16(what = "16-bit field"): number {
    this.need(2, what);
    const v = (this.buf[this.pos]! << 8) | this.buf[this.pos + 1]!;
    this.pos += 2;
    return v;
  }

  u32(what = "32-bit field"): number {
    this.need(4, what);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  bytes(n: number, what = "data"): Buffer {
    this.need(n, what);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  /** Reads a <character-string> (RFC 1035 §3.3): one length byte, then that many bytes. */
  charString(what = "character-string"): Buffer {
    const n = this.u8(what);
    return this.bytes(n, what);
  }

  /**
   * Reads a possibly compressed name (RFC 1035 §4.1.4) and returns it in presentation
   * form, absolute. Pointers must point backwards, which also rules out loops.
   */
  name(what = "name"): string {
    const buf = this.buf;
    let p = this.pos;
    let jumped = false;
    let out = "";
    let length = 1;
    let limit = this.end;
    let lowest = p;
    const start = p;
    for (;;) {
      if (p >= limit) this.fail(`truncated ${what}`, p);
      const len = buf[p]!;
      if (len === 0) {
        p += 1;
        break;
      }
      const kind = len & 0xc0;
      if (kind === 0xc0) {
        if (p + 1 >= limit) this.fail(`truncated compression pointer in ${what}`, p);
        const target = ((len & 0x3f) << 8) | buf[p + 1]!;
        if (target >= lowest) this.fail(`forward or looping compression pointer in ${what}`, p);
        if (!jumped) {
          this.pos = p + 2;
          jumped = true;
        }
        if (target === 12 && this.qnameText !== undefined) {
          length += this.qnameLength - 1;
          if (length > 255) this.fail(`${what} longer than 255 bytes`, p);
          out += this.qnameText;
          break;
        }
        lowest = target;
        p = target;
        // A pointer may target any earlier byte of the message, not only this RR.
        limit = buf.length;
        continue;
      }
      if (kind !== 0) this.fail(`unsupported label type 0x${len.toString(16)} in ${what}`, p);
      if (p + 1 + len > limit) this.fail(`truncated label in ${what}`, p);
      length += len + 1;
      if (length > 255) this.fail(`${what} longer than 255 bytes`, p);
      out += labelToText(buf, p + 1, p + 1 + len) + ".";
      p += 1 + len;
    }
    if (!jumped) this.pos = p;
    if (start === 12 && this.qnameText === undefined) {
      this.qnameText = out;
      this.qnameLength = length;
    }
    return out === "" ? "." : out;
  }
}
