import type { ChunkReader } from "./_chunk-reader.js";
import { fileError, MAX_RECORD_BYTES, MAX_RUN, type CutShort, type Frame } from "./_frame.js";
import { readPcapngFrames } from "./pcapng-file.js";

// The classic libpcap format (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-03.html):
// a 24-byte file header, then 16-byte record headers each followed by the captured bytes.
// The magic number gives both the writer's byte order and the timestamp unit.

const PCAP_MICRO = 0xa1b2c3d4;
const PCAP_NANO = 0xa1b23c4d;
const PCAPNG_SHB = 0x0a0d0d0a;

/**
 * Frames from a pcap or pcapng stream, told apart by the first four bytes. They come in
 * runs: every record already buffered goes out in one array, so a busy capture costs one
 * await per input chunk rather than one per packet. A record the input ends inside
 * goes to `cutShort` and ends the frames; a file header cut short is an error.
 */
export async function* readFrames(
  r: ChunkReader,
  name: string,
  cutShort: CutShort,
): AsyncGenerator<Frame[]> {
  if (!(await r.ensure(4))) {
    throw fileError(
      name,
      r.offset,
      r.available === 0 ? "empty input, not a capture" : "truncated file header",
    );
  }
  const head = r.peek(4);
  if (head.readUInt32BE(0) === PCAPNG_SHB) {
    yield* readPcapngFrames(r, name, cutShort);
    return;
  }
  const be = head.readUInt32BE(0);
  const le = head.readUInt32LE(0);
  let little: boolean;
  if (be === PCAP_MICRO || be === PCAP_NANO) little = false;
  else if (le === PCAP_MICRO || le === PCAP_NANO) little = true;
  else throw fileError(name, 0, `not a pcap or pcapng file (magic 0x${head.toString("hex")})`);
  const nano = (little ? le : be) === PCAP_NANO;
  if (!(await r.ensure(24))) throw fileError(name, r.offset, "truncated pcap file header");
  const h = r.take(24);
  const u32 = (b: Buffer, at: number): number => (little ? b.readUInt32LE(at) : b.readUInt32BE(at));
  // The upper bits of the link-type field may carry FCS information; the type is the low 16.
  const linkType = u32(h, 20) & 0xffff;
  const fracPerMs = nano ? 1e6 : 1e3;
  let run: Frame[] = [];
  // Record headers are read in place (no view made of them): a busy capture has millions.
  for (;;) {
    const offset = r.offset;
    if (r.available < 16 || r.available < 16 + r.u32(8, little) || run.length >= MAX_RUN) {
      if (run.length > 0) yield run;
      run = [];
    }
    if (r.available < 16 && !(await r.ensure(16))) {
      if (r.available > 0) cutShort(offset, `${r.available} of a 16-byte record header`);
      return;
    }
    const caplen = r.u32(8, little);
    if (caplen > MAX_RECORD_BYTES) {
      throw fileError(name, offset, `implausible pcap record length ${caplen}`);
    }
    if (r.available < 16 + caplen && !(await r.ensure(16 + caplen))) {
      cutShort(offset, `${r.available - 16} of a ${caplen}-byte record`);
      return;
    }
    const time = r.u32(0, little) * 1000 + r.u32(4, little) / fracPerMs;
    r.advance(16);
    run.push({ time, linkType, data: r.take(caplen), offset });
  }
}
