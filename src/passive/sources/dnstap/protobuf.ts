import { DnsightError } from "../../../errors.js";

// A minimal protocol-buffers wire reader (https://protobuf.dev/programming-guides/encoding/):
// a message is a sequence of (tag, value) with tag = field number << 3 | wire type. Only
// what proto2 schemas like dnstap.proto use: varints, 64-bit, length-delimited and 32-bit
// values. Every read is bounds-checked; errors name the input and the absolute offset.

export const WireType = { VARINT: 0, I64: 1, LEN: 2, I32: 5 } as const;
export type WireTypeCode = (typeof WireType)[keyof typeof WireType];

const WIRE_NAMES: Readonly<Record<number, string>> = {
  0: "varint",
  1: "64-bit",
  2: "length-delimited",
  5: "32-bit",
};

export interface ProtoField {
  field: number;
  wire: WireTypeCode;
  /** Absolute offset of the field's tag, for error messages. */
  at: number;
  /** Varint, 64-bit and 32-bit values, unsigned (64-bit values above 2^53 lose precision). */
  num: number;
  /** Length-delimited values, a view into the input. */
  bytes: Uint8Array;
}

export interface ProtoContext {
  /** The input's name in error messages. */
  name: string;
  /** Absolute offset of `buf[0]` in the input. */
  base: number;
}

const EMPTY = new Uint8Array(0);

export class ProtoReader {
  private pos = 0;

  constructor(
    private readonly buf: Uint8Array,
    readonly ctx: ProtoContext,
    /** What is being decoded, e.g. "dnstap Message". */
    readonly what: string,
  ) {}

  fail(message: string, at: number): never {
    throw new DnsightError(
      "INPUT",
      `${this.ctx.name}: ${message} in ${this.what} at byte ${this.ctx.base + at}`,
    );
  }

  /** Fails pointing at a field's tag. */
  failField(f: ProtoField, message: string): never {
    return this.fail(message, f.at - this.ctx.base);
  }

  /** A reader over a nested message held in a length-delimited field. */
  nested(f: ProtoField, what: string): ProtoReader {
    const start = f.bytes.byteOffset - this.buf.byteOffset;
    return new ProtoReader(f.bytes, { name: this.ctx.name, base: this.ctx.base + start }, what);
  }

  /** Throws unless the field has the wire type its schema gives it. */
  expect(f: ProtoField, wire: WireTypeCode, fieldName: string): void {
    if (f.wire !== wire) {
      this.failField(
        f,
        `field ${f.field} (${fieldName}) is ${WIRE_NAMES[f.wire]}, expected ${WIRE_NAMES[wire]}`,
      );
    }
  }

  *fields(): Generator<ProtoField> {
    while (this.pos < this.buf.length) {
      const at = this.pos;
      const tag = this.varint("field tag");
      const field = Math.floor(tag / 8);
      const wire = tag % 8;
      if (field === 0) this.fail("field number 0", at);
      const base = { field, at: this.ctx.base + at, num: 0, bytes: EMPTY };
      switch (wire) {
        case WireType.VARINT:
          yield { ...base, wire, num: this.varint(`field ${field} varint`) };
          break;
        case WireType.I64: {
          if (this.pos + 8 > this.buf.length) this.fail(`truncated 64-bit field ${field}`, at);
          const lo = this.fixed32(field);
          const hi = this.fixed32(field);
          yield { ...base, wire, num: hi * 2 ** 32 + lo };
          break;
        }
        case WireType.LEN: {
          const len = this.varint(`field ${field} length`);
          if (len > this.buf.length - this.pos)
            this.fail(
              `field ${field} of ${len} bytes runs past the end (${this.buf.length - this.pos} left)`,
              at,
            );
          const bytes = this.buf.subarray(this.pos, this.pos + len);
          this.pos += len;
          yield { ...base, wire, bytes };
          break;
        }
        case WireType.I32:
          yield { ...base, wire, num: this.fixed32(field) };
          break;
        default:
          // 3 and 4 are proto2's deprecated groups, 6 and 7 are undefined.
          this.fail(`unsupported wire type ${wire} for field ${field}`, at);
      }
    }
  }

  private varint(what: string): number {
    let value = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) this.fail(`truncated ${what}`, this.pos);
      const b = this.buf[this.pos++]!;
      if (i === 9 && b > 1) this.fail(`${what} overflows 64 bits`, this.pos - 1);
      value += (b & 0x7f) * 2 ** (7 * i);
      if (b < 0x80) return value;
    }
    return this.fail(`${what} longer than 10 bytes`, this.pos - 10);
  }

  private fixed32(field: number): number {
    if (this.pos + 4 > this.buf.length) this.fail(`truncated 32-bit field ${field}`, this.pos);
    const b = this.buf;
    const p = this.pos;
    this.pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }
}
