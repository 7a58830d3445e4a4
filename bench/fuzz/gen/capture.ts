import { mutate, tokens } from "../mutate.js";
import { int, logSize, mulberry32, pick, type Rng } from "../rng.js";
import { packetsFor, pcapFile, pcapngFile, pcapPackets, type Packet } from "./capture-build.js";
import { fixtureMessages, generatedMessages } from "./dns.js";
import { cat, hostile, readFixtures, repeat, type Recipe } from "./recipe.js";

// Inputs for the capture targets: the shared pcap fixtures (and pcapng copies this file
// writes), fuzzed whole or as a window of a few records, and captures built from fixture
// and generated DNS messages (UDP, IP fragments, TCP segments); all mutated, and hostile
// ones: a hundred thousand records, one datagram in thousands of fragments, a TCP stream
// of one-byte segments, stacked VLAN tags, a record at the 1 MiB cap.

const MAX = 4 << 20;

export async function messagePool(seed: number): Promise<Buffer[]> {
  return [...(await fixtureMessages()), ...generatedMessages(seed, 300)];
}

function captures(
  seed: number,
  messages: readonly Buffer[],
  write: (p: readonly Packet[], r: Rng) => Buffer,
): Buffer[] {
  return Array.from({ length: 1500 }, (_, i) => {
    const r = mulberry32(seed ^ (i * 7919));
    return write(
      packetsFor(
        Array.from({ length: int(r, 1, 4) }, () => pick(r, messages)),
        r,
      ),
      r,
    );
  });
}

const CAPTURE_TOKENS = tokens(
  [0xa1, 0xb2, 0xc3, 0xd4],
  [0x0a, 0x0d, 0x0d, 0x0a],
  [0x1a, 0x2b, 0x3c, 0x4d],
  [0x08, 0x00],
  [0x86, 0xdd],
  [0x81, 0x00],
  [0x00, 0x35],
  [0x45, 0x00],
  [0x20, 0x00],
  [0x00, 0x2c],
  [0xff, 0xff, 0xff, 0xff],
  [0x00, 0x00, 0x00, 0x00],
);

/** A datagram of `n` IP fragments (most of them 8 bytes), shuffled. */
function fragmentStorm(n: number, r: Rng, write: (p: readonly Packet[], r: Rng) => Buffer): Buffer {
  const [first] = packetsFor([Buffer.alloc(12 + n * 8)], mulberry32(1));
  const frame = first!.frame;
  const ipStart = 14;
  const packets: Packet[] = [];
  for (let k = 0; k < n; k++) {
    const f = Buffer.from(frame.subarray(0, ipStart + 28));
    f.writeUInt16BE(0x2000 | k, ipStart + 6);
    f.writeUInt16BE(7, ipStart + 4);
    packets.push({ frame: f, time: 1 });
  }
  packets.sort(() => r() - 0.5);
  return write(packets, r);
}

function captureHostile(write: (p: readonly Packet[], r: Rng) => Buffer) {
  return {
    "many tiny records": (n: number, r: Rng) =>
      write(Array<Packet>(n).fill({ frame: Buffer.alloc(1), time: 0 }), r),
    "many DNS packets": (n: number, r: Rng) =>
      write(repeatPackets(packetsFor([Buffer.alloc(12)], r), n), r),
    "fragment storm": (n: number, r: Rng) => fragmentStorm(Math.min(n, 8000), r, write),
    "one-byte TCP segments": (n: number, r: Rng) => {
      const big = Buffer.alloc(Math.min(n, 65000), 0x41);
      big.writeUInt16BE(0x8180, 2);
      const ps = packetsFor([big], mulberry32(7));
      return write(ps.length > 2 ? ps : repeatPackets(ps, n), r);
    },
    "VLAN tags": (n: number, r: Rng) =>
      write(
        [
          {
            frame: cat(
              Buffer.alloc(12, 2),
              repeat(Uint8Array.of(0x81, 0, 0, 1), n),
              Uint8Array.of(0x08, 0),
            ),
            time: 0,
          },
        ],
        r,
      ),
    "record of 1 MiB": (_n: number, r: Rng) =>
      write([{ frame: Buffer.alloc((1 << 20) - 16, 0x45), time: 0 }], r),
  };
}

const repeatPackets = (ps: readonly Packet[], n: number): Packet[] =>
  Array.from({ length: n }, (_, i) => ps[i % ps.length]!);

/** Hostile captures stop at 256 KiB but for the one big record (see passive-text.ts). */
const HOSTILE_FILE = 256 << 10;

/** Offsets of the records (pcap) or blocks (pcapng) of a capture, `size` giving each one's length. */
function recordStarts(f: Buffer, first: number, size: (at: number) => number): number[] {
  const out: number[] = [];
  for (let at = first; at + 12 <= f.length;) {
    out.push(at);
    const n = size(at);
    if (n < 12) break;
    at += n;
  }
  return out;
}

/** The file header (or section and interface blocks) and a run of up to 8 records, as they are. */
function window(f: Buffer, r: Rng): Buffer {
  let head: number;
  let starts: number[];
  if (f.readUInt32BE(0) === 0x0a0d0d0a) {
    const le = f.readUInt32LE(8) === 0x1a2b3c4d;
    starts = recordStarts(f, 0, (at) => (le ? f.readUInt32LE(at + 4) : f.readUInt32BE(at + 4)));
    head = starts[2] ?? f.length;
    starts = starts.slice(2);
  } else {
    const le = f.readUInt32LE(0) === 0xa1b2c3d4 || f.readUInt32LE(0) === 0xa1b23c4d;
    starts = recordStarts(
      f,
      24,
      (at) => 16 + (le ? f.readUInt32LE(at + 8) : f.readUInt32BE(at + 8)),
    );
    head = 24;
  }
  const from = int(r, 0, Math.max(0, starts.length - 1));
  const to = from + int(r, 1, 8);
  return Buffer.concat([
    f.subarray(0, head),
    f.subarray(starts[from] ?? head, starts[to] ?? f.length),
  ]);
}

function captureRecipes(
  files: Buffer[],
  made: Buffer[],
  write: (p: readonly Packet[], r: Rng) => Buffer,
): Recipe[] {
  const all = [...files, ...made];
  const opts = { dictionary: CAPTURE_TOKENS, others: all, max: MAX };
  return [
    {
      name: "fixture window mutated",
      weight: 30,
      make: (r) => mutate(window(pick(r, files), r), r, opts),
    },
    { name: "fixture mutated", weight: 5, make: (r) => mutate(pick(r, files), r, opts) },
    { name: "built mutated", weight: 50, make: (r) => mutate(pick(r, made), r, opts) },
    { name: "built as is", weight: 10, make: (r) => pick(r, made) },
    ...hostile(captureHostile(write), 0.2, (shape, r) =>
      shape(logSize(r, 100, 100_000), r).subarray(0, MAX),
    ).map((h) =>
      h.name.includes("1 MiB")
        ? h
        : { ...h, make: (r: Rng) => h.make(r).subarray(0, HOSTILE_FILE) },
    ),
  ];
}

export async function pcapRecipes(seed: number): Promise<Recipe[]> {
  const files = readFixtures("pcap");
  return captureRecipes(files, captures(seed, await messagePool(seed), pcapFile), pcapFile);
}

export async function pcapngRecipes(seed: number): Promise<Recipe[]> {
  const r = mulberry32(seed);
  const files = readFixtures("pcap").map((f) => pcapngFile(pcapPackets(f), r));
  return captureRecipes(files, captures(seed, await messagePool(seed), pcapngFile), pcapngFile);
}
