import fc from "fast-check";
import {
  decodeMessage,
  encodeMessage,
  type ResourceRecord,
} from "../../../src/dns/wire/message.js";
import { encodeRdata, hasCodec } from "../../../src/dns/wire/rdata/index.js";
import { typeFromString } from "../../../src/dns/wire/types.js";
import { WireWriter } from "../../../src/dns/wire/writer.js";
import { readPcapDnsMessages } from "../../../src/passive/sources/pcap/index.js";
import { mutate, tokens } from "../mutate.js";
import { chance, int, logSize, pick, type Rng } from "../rng.js";
import { dnsMessage, RDATA, RDATA_TYPES } from "./dns-arbitraries.js";
import { cat, hostile, readFixtures, repeat, type Recipe } from "./recipe.js";

// Inputs for the DNS wire targets: the messages in the shared pcap fixtures, messages
// fast-check builds from random records, both mutated, and hostile ones (every count
// at 65535, compression chains, one huge record).

const MAX_MESSAGE = 65_535;
const CODEC_TYPES = Array.from({ length: 65536 }, (_, t) => t).filter(hasCodec);

async function* once(b: Uint8Array): AsyncGenerator<Uint8Array> {
  yield b;
}

/** Every DNS message in the shared pcap fixtures. */
export async function fixtureMessages(): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const file of readFixtures("pcap"))
    for await (const m of readPcapDnsMessages(once(file), { name: "fixture" }))
      out.push(Buffer.from(m.message));
  return out;
}

/** A pool of generated messages, encoded. */
export const generatedMessages = (seed: number, n: number): Buffer[] =>
  fc.sample(dnsMessage(), { seed, numRuns: n }).map((m) => encodeMessage(m));

/** Records of the fixture and generated messages, for the RDATA targets. */
function recordsOf(messages: readonly Buffer[]): ResourceRecord[] {
  const out: ResourceRecord[] = [];
  for (const b of messages) {
    try {
      const m = decodeMessage(b);
      out.push(...m.answers, ...m.authorities, ...m.additionals);
    } catch {
      // a fixture message cut short by the capture: nothing to take
    }
  }
  return out;
}

const typed = (type: number, body: Uint8Array): Buffer =>
  cat(Uint8Array.of(type >> 8, type & 0xff), body);

function rdataBytes(type: string, text: string): Buffer | undefined {
  const code = typeFromString(type);
  if (code === undefined) return undefined;
  const w = new WireWriter(64);
  try {
    encodeRdata(code, text, w);
  } catch {
    return undefined;
  }
  return typed(code, w.finish());
}

const header = (id: number, qd: number, an: number, ns: number, ar: number): Buffer => {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(id, 0);
  h.writeUInt16BE(0x8180, 2);
  [qd, an, ns, ar].forEach((n, i) => h.writeUInt16BE(n, 4 + i * 2));
  return h;
};

/** Hostile messages, all within the 64 KiB a DNS message can be. */
const HOSTILE_MESSAGES: Readonly<Record<string, (r: Rng) => Buffer>> = {
  // every count at 65535 over a body of minimal records (root owner, type A)
  "every count at 65535": (r) => {
    const rr = Buffer.from("0000010001000000000004c0000201", "hex");
    return cat(
      header(1, 0, 65535, 65535, 65535),
      repeat(rr, logSize(r, 10, 5000), MAX_MESSAGE - 12),
    );
  },
  // a long name, then records whose owners are a label and a pointer to the previous owner
  "compression chains": (r) => {
    const parts: Buffer[] = [header(2, 0, 0, 0, 0)];
    let at = 12;
    let n = 0;
    const first = cat(repeat("\x3f" + "a".repeat(63), 3), "\x00");
    const size = logSize(r, 100, MAX_MESSAGE - 400);
    parts.push(first, Buffer.from("00010001000000000000", "hex"));
    let prev = at;
    at += first.length + 10;
    n++;
    while (at + 14 < size) {
      const rec = Buffer.from([
        1,
        0x61,
        0xc0 | (prev >> 8),
        prev & 0xff,
        0,
        16,
        0,
        1,
        0,
        0,
        0,
        0,
        0,
        0,
      ]);
      if (prev >= 0x3fff) break;
      parts.push(rec);
      prev = at;
      at += rec.length;
      n++;
    }
    const m = Buffer.concat(parts);
    m.writeUInt16BE(n, 6);
    return m;
  },
  // one record holding a TXT of every length-0 string that fits
  "TXT of empty strings": (r) => {
    const len = logSize(r, 100, MAX_MESSAGE - 40);
    const rr = cat(
      "\x00\x00\x10\x00\x01\x00\x00\x00\x00",
      Uint8Array.of(len >> 8, len & 0xff),
      Buffer.alloc(len),
    );
    return cat(header(3, 0, 1, 0, 0), rr);
  },
  // an OPT record of thousands of empty options
  "OPT of empty options": (r) => {
    const n = logSize(r, 10, 16000);
    const len = n * 4;
    return cat(
      header(4, 0, 0, 0, 1),
      "\x00\x00\x29\x10\x00\x00\x00\x00\x00",
      Uint8Array.of(len >> 8, len & 0xff),
      repeat("\x00\x0a\x00\x00", n),
    );
  },
  // a header claiming questions, then one byte over and over
  "questions of one byte": (r) =>
    cat(
      header(5, 65535, 0, 0, 0),
      Buffer.alloc(logSize(r, 10, MAX_MESSAGE - 12), pick(r, [0, 1, 0x3f, 0xc0, 0xff])),
    ),
};

const DNS_TOKENS = tokens(
  [0xc0, 0x0c],
  [0xc0, 0x00],
  [0x00, 0x29],
  [0x00, 0x00, 0x29, 0x10, 0x00],
  [0x3f],
  [0x00, 0x06],
  [0xff, 0xff],
);

export async function dnsWireRecipes(seed: number): Promise<Recipe[]> {
  const fixtures = await fixtureMessages();
  const generated = generatedMessages(seed, 400);
  const others = [...fixtures, ...generated];
  const opts = { dictionary: DNS_TOKENS, others, max: MAX_MESSAGE };
  return [
    { name: "fixture mutated", weight: 40, make: (r) => mutate(pick(r, fixtures), r, opts) },
    { name: "generated mutated", weight: 40, make: (r) => mutate(pick(r, generated), r, opts) },
    { name: "generated as is", weight: 5, make: (r) => pick(r, generated) },
    {
      name: "random bytes",
      weight: 5,
      make: (r) => Buffer.from(Array.from({ length: int(r, 0, 64) }, () => int(r, 0, 255))),
    },
    ...hostile(HOSTILE_MESSAGES, 0.05, (shape, r) => shape(r)),
  ];
}

/** RDATA of a type given the fuzzer's way: a 16-bit type, then the bytes. */
export async function dnsRdataRecipes(seed: number): Promise<Recipe[]> {
  const records = recordsOf([...(await fixtureMessages()), ...generatedMessages(seed, 400)]);
  const seeds = records.flatMap((rr) => rdataBytes(rr.type, rr.data) ?? []);
  const mutateBody = (b: Buffer, r: Rng): Buffer => {
    const body = mutate(b.subarray(2), r, { dictionary: DNS_TOKENS, max: MAX_MESSAGE });
    const type = chance(r, 0.05) ? pick(r, CODEC_TYPES) : b.readUInt16BE(0);
    return typed(type, body);
  };
  return [
    { name: "record mutated", weight: 70, make: (r) => mutateBody(pick(r, seeds), r) },
    {
      name: "random bytes",
      weight: 25,
      make: (r) =>
        typed(
          pick(r, CODEC_TYPES),
          Buffer.from(Array.from({ length: logSize(r, 1, 64) }, () => int(r, 0, 255))),
        ),
    },
    ...hostile(
      Object.fromEntries([0, 1, 0x3f, 0x80, 0xc0, 0xff].map((b) => [`RDATA of byte ${b}`, b])),
      0.3,
      (byte, r) => typed(pick(r, CODEC_TYPES), Buffer.alloc(logSize(r, 256, MAX_MESSAGE), byte)),
    ),
  ];
}

const TEXT_TOKENS = tokens(
  "\\",
  '"',
  "(",
  ")",
  " ",
  "\\# ",
  "\\000",
  "\\.",
  "=",
  ",",
  ".",
  "-",
  "0",
  "65535",
  "4294967296",
  ";",
  "\t",
  "\n",
  "key65535=",
  "alpn=",
  "mandatory=",
);

/** Hostile presentation text: runs that a tokenizer or a list parser might walk twice. */
const HOSTILE_TEXT: Readonly<Record<string, (r: Rng) => [string, Buffer]>> = {
  "TXT of backslashes": (r) => ["TXT", cat('"', repeat("\\", logSize(r, 100, 1 << 20)))],
  "TXT of many strings": (r) => ["TXT", repeat('"a" ', logSize(r, 100, 1 << 18))],
  parentheses: (r) => ["TXT", repeat("(", logSize(r, 100, 1 << 20))],
  "long name": (r) => ["NS", repeat("a.", logSize(r, 100, 1 << 19))],
  "name of escapes": (r) => ["NS", repeat("\\065", logSize(r, 100, 1 << 18))],
  "SVCB keys": (r) => ["SVCB", cat("1 . ", repeat("key1=a ", logSize(r, 10, 1 << 17)))],
  "SVCB alpn list": (r) => ["SVCB", cat("1 . alpn=", repeat("a,", logSize(r, 10, 1 << 19)))],
  "NSEC types": (r) => ["NSEC", cat("a. ", repeat("TYPE65535 A ", logSize(r, 10, 1 << 16)))],
  "APL items": (r) => ["APL", repeat("1:192.0.2.0/24 ", logSize(r, 10, 1 << 16))],
  "RFC 3597 hex": (r) => ["TYPE65280", cat("\\# 65535 ", repeat("ab", logSize(r, 10, 1 << 19)))],
  "A of digits": (r) => ["A", repeat("9", logSize(r, 100, 1 << 20))],
  "LOC of digits": (r) => ["LOC", cat(repeat("9", logSize(r, 100, 1 << 16)), " 0 0 N 0 0 0 E 0m")],
};

export async function rdataTextRecipes(seed: number): Promise<Recipe[]> {
  const records = recordsOf([...(await fixtureMessages()), ...generatedMessages(seed, 400)]);
  const samples = records.map((rr) => ({
    type: typeFromString(rr.type) ?? 0,
    text: Buffer.from(rr.data),
  }));
  for (const type of RDATA_TYPES)
    for (const text of fc.sample(RDATA[type]!, { seed, numRuns: 20 }))
      samples.push({ type: typeFromString(type)!, text: Buffer.from(text) });
  const others = samples.map((s) => s.text);
  return [
    {
      name: "record text mutated",
      weight: 80,
      make: (r) => {
        const s = pick(r, samples);
        const type = chance(r, 0.05) ? pick(r, CODEC_TYPES) : s.type;
        return typed(type, mutate(s.text, r, { dictionary: TEXT_TOKENS, others, max: 1 << 16 }));
      },
    },
    {
      name: "record text as is",
      weight: 5,
      make: (r) => {
        const s = pick(r, samples);
        return typed(s.type, s.text);
      },
    },
    ...hostile(HOSTILE_TEXT, 0.2, (shape, r) => {
      const [type, text] = shape(r);
      return typed(typeFromString(type)!, text);
    }),
  ];
}
