import fc from "fast-check";
import type { MessageInput, Question, ResourceRecord } from "../../../src/dns/wire/message.js";
import { textToLabels } from "../../../src/dns/wire/name.js";
import { canonicalRdata } from "../../../src/passive/rdata.js";

// fast-check arbitraries for DNS data in presentation form: names (with escaped odd
// bytes), RDATA of the common and the awkward types, whole messages. The fuzzer samples
// them as seeds to mutate; the property tests (test/unit/dns/*.property.test.ts) check
// round trips on them. Every RDATA text is passed through canonicalRdata, so what comes
// out is what the decoder prints.

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";

/** One label: mostly letters and digits, sometimes any byte (printed as \DDD or \X). */
export const label = (): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc.string({ unit: fc.constantFrom(...LETTERS), minLength: 1, maxLength: 12 }),
    },
    {
      weight: 1,
      arbitrary: fc.string({ unit: fc.constantFrom(...LETTERS), minLength: 50, maxLength: 63 }),
    },
    {
      weight: 1,
      arbitrary: fc
        .uint8Array({ minLength: 1, maxLength: 20 })
        .map((b) => [...b].map((c) => `\\${String(c).padStart(3, "0")}`).join("")),
    },
  );

/** An absolute name of up to 6 labels (under 255 bytes); "." now and then. */
export const dnsName = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(".") },
    {
      weight: 12,
      arbitrary: fc
        .array(label(), { minLength: 1, maxLength: 6 })
        .map((ls) => ls.join(".") + ".")
        // six long labels can pass the 255 bytes a name may have (RFC 1035 §2.3.4)
        .filter((n) => fitsName(n)),
    },
  );

function fitsName(text: string): boolean {
  try {
    textToLabels(text);
    return true;
  } catch {
    return false;
  }
}

const u8 = fc.integer({ min: 0, max: 255 });
const u16 = fc.integer({ min: 0, max: 65535 });
const u32 = fc.nat({ max: 0xffffffff });
const hex = (min: number, max: number) =>
  fc.uint8Array({ minLength: min, maxLength: max }).map((b) => Buffer.from(b).toString("hex"));
const b64 = (min: number, max: number) =>
  fc.uint8Array({ minLength: min, maxLength: max }).map((b) => Buffer.from(b).toString("base64"));
const charString = fc
  .uint8Array({ maxLength: 40 })
  .map(
    (b) =>
      `"${[...b].map((c) => (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c ? String.fromCharCode(c) : `\\${String(c).padStart(3, "0")}`)).join("")}"`,
  );
const typeList = fc
  .uniqueArray(
    fc.constantFrom(
      "A",
      "NS",
      "SOA",
      "MX",
      "TXT",
      "AAAA",
      "RRSIG",
      "NSEC",
      "DNSKEY",
      "TYPE1234",
      "CAA",
      "HTTPS",
    ),
    { maxLength: 8 },
  )
  .map((ts) => ts.join(" "));
const base32hex = fc.uint8Array({ minLength: 1, maxLength: 20 }).map((b) => {
  const alphabet = "0123456789abcdefghijklmnopqrstuv";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const c of b) {
    value = (value << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
});
const time = fc.integer({ min: 0, max: 0xffffffff }).map(String);
const loc = fc
  .tuple(
    fc.integer({ min: 0, max: 89 }),
    fc.integer({ min: 0, max: 59 }),
    fc.integer({ min: 0, max: 59999 }),
    fc.constantFrom("N", "S"),
    fc.integer({ min: 0, max: 179 }),
    fc.constantFrom("E", "W"),
    fc.integer({ min: -100000, max: 100000 }),
  )
  .map(
    ([d, m, ms, ns, e, ew, alt]) =>
      `${d} ${m} ${(ms / 1000).toFixed(3)} ${ns} ${e} 0 0.000 ${ew} ${(alt / 100).toFixed(2)}m 1m 10000m 10m`,
  );

/** Presentation text for each type the fuzzer builds records of. */
export const RDATA: Readonly<Record<string, fc.Arbitrary<string>>> = {
  A: fc.ipV4(),
  AAAA: fc.ipV6(),
  NS: dnsName(),
  CNAME: dnsName(),
  DNAME: dnsName(),
  PTR: dnsName(),
  MX: fc.tuple(u16, dnsName()).map(([p, n]) => `${p} ${n}`),
  KX: fc.tuple(u16, dnsName()).map(([p, n]) => `${p} ${n}`),
  SOA: fc.tuple(dnsName(), dnsName(), u32, u32, u32, u32, u32).map((f) => f.join(" ")),
  TXT: fc.array(charString, { minLength: 1, maxLength: 4 }).map((s) => s.join(" ")),
  HINFO: fc.tuple(charString, charString).map((s) => s.join(" ")),
  RP: fc.tuple(dnsName(), dnsName()).map((s) => s.join(" ")),
  SRV: fc.tuple(u16, u16, u16, dnsName()).map((f) => f.join(" ")),
  NAPTR: fc.tuple(u16, u16, charString, charString, charString, dnsName()).map((f) => f.join(" ")),
  CAA: fc
    .tuple(u8, fc.stringMatching(/^[a-z0-9]{1,15}$/), charString)
    .map(([f, t, v]) => `${f} ${t} ${v}`),
  DS: fc.tuple(u16, u8, u8, hex(1, 48)).map((f) => f.join(" ")),
  CDS: fc.tuple(u16, u8, u8, hex(1, 48)).map((f) => f.join(" ")),
  DNSKEY: fc.tuple(u16, u8, u8, b64(1, 64)).map((f) => f.join(" ")),
  RRSIG: fc
    .tuple(
      fc.constantFrom("A", "NS", "TYPE999"),
      u8,
      u8,
      u32,
      time,
      time,
      u16,
      dnsName(),
      b64(1, 64),
    )
    .map((f) => f.join(" ")),
  NSEC: fc.tuple(dnsName(), typeList).map(([n, t]) => `${n} ${t}`.trim()),
  NSEC3: fc
    .tuple(u8, u8, u16, fc.oneof(fc.constant("-"), hex(1, 8)), base32hex, typeList)
    .map((f) => f.join(" ").trim()),
  NSEC3PARAM: fc.tuple(u8, u8, u16, fc.oneof(fc.constant("-"), hex(1, 8))).map((f) => f.join(" ")),
  TLSA: fc.tuple(u8, u8, u8, hex(1, 32)).map((f) => f.join(" ")),
  SSHFP: fc.tuple(u8, u8, hex(1, 32)).map((f) => f.join(" ")),
  OPENPGPKEY: b64(1, 64),
  URI: fc.tuple(u16, u16, charString).map((f) => f.join(" ")),
  LOC: loc,
  EUI48: fc
    .uint8Array({ minLength: 6, maxLength: 6 })
    .map((b) => Buffer.from(b).toString("hex").match(/../g)!.join("-")),
  SVCB: fc
    .tuple(
      fc.integer({ min: 1, max: 65535 }),
      dnsName(),
      fc.integer({ min: 1, max: 65535 }),
      fc.ipV4(),
    )
    .map(([p, n, port, v4]) => `${p} ${n} alpn=h2,h3 port=${port} ipv4hint=${v4}`),
  HTTPS: fc.tuple(dnsName()).map(([n]) => `0 ${n}`),
  TYPE65280: hex(0, 40).map((h) => `\\# ${h.length / 2} ${h}`.trim()),
};

export const RDATA_TYPES = Object.keys(RDATA);

/** A record with valid presentation data, canonical as the decoder prints it. */
export const resourceRecord = (): fc.Arbitrary<ResourceRecord> =>
  fc
    .constantFrom(...RDATA_TYPES)
    .chain((type) =>
      fc.record({
        name: dnsName(),
        type: fc.constant(type),
        class: fc.constantFrom("IN", "IN", "IN", "CH", "CLASS42"),
        ttl: u32,
        data: RDATA[type]!,
      }),
    )
    .filter((rr) => canonical(rr.type, rr.data) !== undefined)
    .map((rr) => ({ ...rr, data: canonical(rr.type, rr.data)! }));

function canonical(type: string, text: string): string | undefined {
  try {
    return canonicalRdata(type, text);
  } catch {
    return undefined;
  }
}

const question = (): fc.Arbitrary<Question> =>
  fc.record({
    name: dnsName(),
    type: fc.constantFrom("A", "AAAA", "MX", "ANY", "TXT", "TYPE65000"),
    class: fc.constantFrom("IN", "CH", "ANY"),
  });

/** A whole message: header bits, 0-2 questions, records in every section, EDNS or not. */
export const dnsMessage = (): fc.Arbitrary<MessageInput> =>
  fc.record(
    {
      id: u16,
      opcode: fc.integer({ min: 0, max: 15 }),
      flags: fc.record({
        qr: fc.boolean(),
        aa: fc.boolean(),
        tc: fc.boolean(),
        rd: fc.boolean(),
        ra: fc.boolean(),
        z: fc.boolean(),
        ad: fc.boolean(),
        cd: fc.boolean(),
      }),
      rcode: fc.integer({ min: 0, max: 15 }),
      questions: fc.array(question(), { maxLength: 2 }),
      answers: fc.array(resourceRecord(), { maxLength: 6 }),
      authorities: fc.array(resourceRecord(), { maxLength: 3 }),
      additionals: fc.array(resourceRecord(), { maxLength: 3 }),
      edns: fc.record({
        udpSize: u16,
        version: u8,
        dnssecOk: fc.boolean(),
        options: fc.array(
          fc.record({
            code: u16,
            data: fc.uint8Array({ maxLength: 16 }).map((b) => Buffer.from(b)),
          }),
          { maxLength: 2 },
        ),
      }),
      compress: fc.boolean(),
    },
    {
      requiredKeys: [
        "id",
        "opcode",
        "flags",
        "rcode",
        "questions",
        "answers",
        "authorities",
        "additionals",
        "compress",
      ],
    },
  );
