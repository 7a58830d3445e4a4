import { encodeDnstap } from "../../../src/passive/sources/dnstap/encode.js";
import { MESSAGE_TYPES } from "../../../src/passive/sources/dnstap/dnstap-message.js";
import { encodeControl, encodeData } from "../../../src/passive/sources/dnstap/frame-streams.js";
import { mutate, tokens } from "../mutate.js";
import { chance, int, logSize, mulberry32, pick, type Rng } from "../rng.js";
import { messagePool } from "./capture.js";
import { cat, hostile, readFixtures, repeat, type Recipe } from "./recipe.js";

// Inputs for the dnstap target: the shared Frame Streams files and files of dnstap records
// built from fixture and generated DNS messages, mutated as a whole or inside one frame's
// protobuf (its length fixed, so the edit reaches the decoder); hostile ones: a hundred
// thousand frames, a frame at the 1 MiB cap, fields the schema does not know.

const MAX = 4 << 20;
/** Hostile streams stop at 256 KiB but for the one big frame (see passive-text.ts). */
const HOSTILE_FILE = 256 << 10;

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
