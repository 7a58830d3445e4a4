import { encodeControl, encodeData } from "../../../src/passive/sources/dnstap/frame-streams.js";
import { encodeDnstap } from "../../../src/passive/sources/dnstap/encode.js";
import { MESSAGE_TYPES } from "../../../src/passive/sources/dnstap/dnstap-message.js";
import { mutate, tokens } from "../mutate.js";
import { chance, int, logSize, mulberry32, pick, type Rng } from "../rng.js";
import { packetsFor, pcapFile, pcapngFile, pcapPackets, type Packet } from "./capture-build.js";
import { fixtureMessages, generatedMessages } from "./dns.js";
import { cat, hostile, readFixtures, repeat, type Recipe } from "./recipe.js";

// Inputs for the binary ingest sources: the shared pcap fixtures (and pcapng copies this
// file writes), captures built from fixture and generated DNS messages (UDP, IP
// fragments, TCP segments), dnstap Frame Streams of generated responses; all mutated, and
// hostile ones: a hundred thousand records, one datagram in a thousand fragments, a TCP
// stream of one-byte segments, frames of every length field at its maximum.

const MAX = 4 << 20;

async function messagePool(seed: number): Promise<Buffer[]> {
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

const CONTENT_TYPE = "protobuf:dnstap.Dnstap";

/** A Frame Streams file of dnstap records made from `messages`. */
function dnstapFile(messages: readonly Buffer[], r: Rng): Buffer {
  const frames = messages.map((m) =>
    encodeData(
      encodeDnstap({
        identity: chance(r, 0.5) ? "resolver" : undefined,
        messageType: chance(r, 0.7)
          ? pick(r, ["RESOLVER_RESPONSE", "AUTH_RESPONSE", "CLIENT_RESPONSE"] as const)
          : pick(r, MESSAGE_TYPES),
        socketFamily: chance(r, 0.5) ? "INET" : "INET6",
        socketProtocol: "UDP",
        queryAddress: "192.0.2.1",
        responseAddress: chance(r, 0.5) ? "2001:db8::1" : "192.0.2.53",
        queryPort: int(r, 0, 65535),
        responsePort: 53,
        ...(chance(r, 0.9)
          ? { responseTime: 1_700_000_000_000 + int(r, 0, 1e9) + int(r, 0, 999) / 1000 }
          : {}),
        ...(chance(r, 0.3) ? { queryTime: 1_700_000_000_000 } : {}),
        ...(chance(r, 0.3) ? { queryMessage: m } : {}),
        responseMessage: m,
        ...(chance(r, 0.5) ? { queryZone: pick(r, ["example.com.", ".", "com."]) } : {}),
      } as Parameters<typeof encodeDnstap>[0]),
    ),
  );
  return Buffer.concat([encodeControl("START", [CONTENT_TYPE]), ...frames, encodeControl("STOP")]);
}

/** Edits one frame's protobuf and fixes its length, so the edit reaches the decoder. */
function mutateFrame(file: Buffer, r: Rng): Buffer {
  const frames: [number, number][] = [];
  for (let at = 0; at + 4 <= file.length;) {
    const len = file.readUInt32BE(at);
    if (len === 0) {
      if (at + 8 > file.length) break;
      at += 8 + file.readUInt32BE(at + 4);
      continue;
    }
    frames.push([at, len]);
    at += 4 + len;
  }
  if (frames.length === 0) return mutate(file, r);
  const [at, len] = pick(r, frames);
  const body = mutate(file.subarray(at + 4, at + 4 + len), r, {
    dictionary: tokens(
      [0x08],
      [0x10],
      [0x72],
      [0x0a],
      [0xff, 0xff, 0xff, 0xff, 0x0f],
      [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
    ),
  });
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([file.subarray(0, at), head, body, file.subarray(at + 4 + len)]);
}

export async function dnstapRecipes(seed: number): Promise<Recipe[]> {
  const fixtures = readFixtures("dnstap", (n) => n.endsWith(".fstrm"));
  const messages = await messagePool(seed);
  const made = Array.from({ length: 1500 }, (_, i) => {
    const r = mulberry32(seed ^ (i * 7919));
    return dnstapFile(
      Array.from({ length: int(r, 1, 4) }, () => pick(r, messages)),
      r,
    );
  });
  const all = [...fixtures, ...made];
  const start = encodeControl("START", [CONTENT_TYPE]);
  const stop = encodeControl("STOP");
  const one = made[0]!.subarray(start.length, made[0]!.length - stop.length);
  return [
    { name: "frame payload mutated", weight: 45, make: (r) => mutateFrame(pick(r, all), r) },
    {
      name: "stream mutated",
      weight: 40,
      make: (r) =>
        mutate(pick(r, all), r, {
          dictionary: tokens([0, 0, 0, 0], [0, 0, 0, 2], [0, 0, 0, 3], "protobuf:dnstap.Dnstap"),
          others: all,
          max: MAX,
        }),
    },
    { name: "built as is", weight: 10, make: (r) => pick(r, made) },
    ...hostile(
      {
        "many frames": (n: number) => cat(start, repeat(one, n), stop),
        "many empty frames": (n: number) =>
          cat(start, repeat(Uint8Array.of(0, 0, 0, 1, 0), n), stop),
        "frame of 1 MiB": () =>
          cat(start, Uint8Array.of(0, 0x10, 0, 0), Buffer.alloc(1 << 20, 0x0a), stop),
        "unknown protobuf fields": (n: number) => {
          const body = repeat(Uint8Array.of(0xf8, 0x01, 0x01), n).subarray(0, (1 << 20) - 8);
          return cat(
            start,
            Uint8Array.of(
              body.length >>> 24,
              (body.length >> 16) & 0xff,
              (body.length >> 8) & 0xff,
              body.length & 0xff,
            ),
            body,
            stop,
          );
        },
        "control frames": (n: number) => cat(start, repeat(stop, n)),
      },
      0.2,
      (shape, r) => shape(logSize(r, 100, 100_000)).subarray(0, MAX),
    ).map((h) =>
      h.name.includes("1 MiB")
        ? h
        : { ...h, make: (r: Rng) => h.make(r).subarray(0, HOSTILE_FILE) },
    ),
  ];
}
