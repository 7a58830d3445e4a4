import type { ChunkReader } from "./_chunk-reader.js";
import { fileError, MAX_RECORD_BYTES, MAX_RUN, type CutShort, type Frame } from "./_frame.js";

// pcapng (draft-ietf-opsawg-pcapng): a sequence of blocks, each `type, total length, body,
// total length`. A Section Header Block sets the byte order (from its byte-order magic) and
// forgets the interfaces of the previous section; Interface Description Blocks give each
// interface its link type and timestamp unit; packets come in Enhanced, Simple or the
// obsolete Packet blocks. Every other block is skipped without being buffered.

const SHB = 0x0a0d0d0a; // the same read in either byte order, on purpose
const IDB = 1;
const PB = 2;
const SPB = 3;
const EPB = 6;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;

interface Interface {
  linkType: number;
  snaplen: number;
  unitsPerSecond: number;
  offsetSeconds: number;
}

/** Frames in runs of what is already buffered, as readFrames gives them. */
export async function* readPcapngFrames(
  r: ChunkReader,
  name: string,
  cutShort: CutShort,
): AsyncGenerator<Frame[]> {
  let little = false;
  let interfaces: Interface[] = [];
  // A Simple Packet Block has no timestamp: it takes the previous packet's.
  let lastTime = 0;
  const u32 = (b: Buffer, at: number): number => (little ? b.readUInt32LE(at) : b.readUInt32BE(at));
  const u16 = (b: Buffer, at: number): number => (little ? b.readUInt16LE(at) : b.readUInt16BE(at));

  let run: Frame[] = [];
  for (;;) {
    const offset = r.offset;
    if (r.available < 12 || r.available < u32(r.peek(12), 4) || run.length >= MAX_RUN) {
      if (run.length > 0) yield run;
      run = [];
    }
    if (r.available < 12 && !(await r.ensure(12))) {
      if (r.available > 0) cutShort(offset, `${r.available} of a 12-byte block header`);
      return;
    }
    const head = r.peek(12);
    let type: number;
    if (head.readUInt32BE(0) === SHB) {
      type = SHB;
      if (head.readUInt32LE(8) === BYTE_ORDER_MAGIC) little = true;
      else if (head.readUInt32BE(8) === BYTE_ORDER_MAGIC) little = false;
      else throw fileError(name, offset, "pcapng section header without byte-order magic");
    } else {
      type = u32(head, 0);
    }
    const len = u32(head, 4);
    if (len < 12 || len % 4 !== 0) throw fileError(name, offset, `bad pcapng block length ${len}`);

    if (type !== SHB && type !== IDB && type !== EPB && type !== SPB && type !== PB) {
      if (await r.skip(len)) continue;
      cutShort(offset, `${r.offset - offset} of a ${len}-byte block`);
      return;
    }
    if (len > MAX_RECORD_BYTES + 64) {
      throw fileError(name, offset, `implausible pcapng block length ${len}`);
    }
    if (r.available < len && !(await r.ensure(len))) {
      cutShort(offset, `${r.available} of a ${len}-byte block`);
      return;
    }
    const block = r.take(len);
    if (u32(block, len - 4) !== len) {
      throw fileError(name, offset, "pcapng block's trailing length differs from its leading one");
    }
    const body = block.subarray(8, len - 4);
    const short = (min: number): void => {
      if (body.length < min) throw fileError(name, offset, `pcapng block type ${type} too short`);
    };

    if (type === SHB) {
      short(16);
      const major = u16(body, 4);
      if (major !== 1) throw fileError(name, offset, `unsupported pcapng version ${major}`);
      interfaces = [];
      continue;
    }
    if (type === IDB) {
      short(8);
      interfaces.push(readInterface(body, u16, u32, little));
      continue;
    }

    let ifIndex = 0;
    let data: Buffer;
    let time = lastTime;
    if (type === SPB) {
      short(4);
      const snaplen = interfaces[0]?.snaplen || Infinity;
      data = body.subarray(4, 4 + Math.min(u32(body, 0), snaplen, body.length - 4));
    } else {
      short(20);
      // EPB: 32-bit interface id; the obsolete PB: 16-bit id then a 16-bit drop count.
      ifIndex = type === EPB ? u32(body, 0) : u16(body, 0);
      const caplen = u32(body, 12);
      if (20 + caplen > body.length)
        throw fileError(name, offset, "packet data runs past its pcapng block");
      data = body.subarray(20, 20 + caplen);
      const iface = interfaces[ifIndex];
      if (iface) {
        // Number, not BigInt: nanosecond stamps lose a few hundred ns, far below a DNS exchange.
        const ticks = u32(body, 4) * 2 ** 32 + u32(body, 8);
        time = (ticks / iface.unitsPerSecond + iface.offsetSeconds) * 1000;
      }
    }
    const iface = interfaces[ifIndex];
    if (!iface) throw fileError(name, offset, `packet on undeclared pcapng interface ${ifIndex}`);
    lastTime = time;
    run.push({ time, linkType: iface.linkType, data, offset });
  }
}

function readInterface(
  body: Buffer,
  u16: (b: Buffer, at: number) => number,
  u32: (b: Buffer, at: number) => number,
  little: boolean,
): Interface {
  const iface: Interface = {
    linkType: u16(body, 0),
    snaplen: u32(body, 4),
    unitsPerSecond: 1e6, // microseconds unless if_tsresol says otherwise
    offsetSeconds: 0,
  };
  for (let pos = 8; pos + 4 <= body.length;) {
    const code = u16(body, pos);
    const olen = u16(body, pos + 2);
    if (code === 0) break;
    const at = pos + 4;
    if (at + olen > body.length) break;
    if (code === OPT_IF_TSRESOL && olen >= 1) {
      // High bit clear: 10^-n seconds; set: 2^-n.
      const v = body[at] as number;
      iface.unitsPerSecond = v & 0x80 ? 2 ** (v & 0x7f) : 10 ** v;
    } else if (code === OPT_IF_TSOFFSET && olen >= 8) {
      iface.offsetSeconds = Number(little ? body.readBigInt64LE(at) : body.readBigInt64BE(at));
    }
    pos = at + ((olen + 3) & ~3);
  }
  return iface;
}
