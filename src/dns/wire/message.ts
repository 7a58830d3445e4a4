import { DnsightError } from "../../errors.js";
import { WireReader } from "./reader.js";
import { decodeRdata, encodeRdata } from "./rdata/index.js";
import { classFromString, classToString, typeFromString, typeToString } from "./types.js";
import { WireWriter } from "./writer.js";

// DNS messages (RFC 1035 §4.1) with EDNS(0) (RFC 6891): the OPT pseudo-record is
// lifted out of the additional section into `edns`, and its extended RCODE bits
// are folded into `rcode`.

export interface ResourceRecord {
  /** Owner, absolute presentation form ("www.example.com."). */
  name: string;
  type: string;
  class: string;
  ttl: number;
  /** RDATA in presentation form, as dig prints it. */
  data: string;
}

export interface Question {
  name: string;
  type: string;
  class: string;
}

export interface EdnsOption {
  code: number;
  data: Buffer;
}

export interface Edns {
  udpSize: number;
  version: number;
  dnssecOk: boolean;
  options: EdnsOption[];
}

export interface Flags {
  qr: boolean;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  /** The reserved Z bit, kept so a message round-trips. */
  z: boolean;
  ad: boolean;
  cd: boolean;
}

export interface DnsMessage {
  id: number;
  opcode: number;
  flags: Flags;
  /** Full RCODE, including the upper bits carried in OPT. */
  rcode: number;
  questions: Question[];
  answers: ResourceRecord[];
  authorities: ResourceRecord[];
  additionals: ResourceRecord[];
  edns?: Edns;
}

const OPT = 41;

export function decodeMessage(buf: Buffer): DnsMessage {
  const r = new WireReader(buf);
  if (buf.length < 12) r.fail("message shorter than the 12-byte header", 0);
  const id = r.u16();
  const bits = r.u16();
  const qd = r.u16();
  const an = r.u16();
  const ns = r.u16();
  const ar = r.u16();
  const questions: Question[] = [];
  for (let i = 0; i < qd; i++) {
    const name = r.name("question name");
    questions.push({
      name,
      type: typeToString(r.u16("question type")),
      class: classToString(r.u16("question class")),
    });
  }
  const answers = readSection(r, an, "answer");
  const authorities = readSection(r, ns, "authority");
  let edns: Edns | undefined;
  let rcode = bits & 0xf;
  const additionals: ResourceRecord[] = [];
  for (let i = 0; i < ar; i++) {
    const start = r.pos;
    const name = r.name("additional owner");
    const type = r.u16();
    if (type === OPT) {
      if (edns !== undefined) r.fail("second OPT record", start);
      const udpSize = r.u16();
      const ttl = r.u32();
      const rdlen = r.u16();
      const end = r.pos + rdlen;
      if (end > r.end) r.fail("truncated OPT RDATA");
      const options: EdnsOption[] = [];
      while (r.pos < end) {
        const code = r.u16("EDNS option code");
        const len = r.u16("EDNS option length");
        if (r.pos + len > end) r.fail("EDNS option runs past OPT RDATA");
        options.push({ code, data: Buffer.from(r.bytes(len)) });
      }
      if (name !== ".") r.fail("OPT record not owned by the root", start);
      rcode |= (ttl >>> 24) << 4;
      edns = { udpSize, version: (ttl >>> 16) & 0xff, dnssecOk: (ttl & 0x8000) !== 0, options };
      continue;
    }
    additionals.push(readRecordBody(r, name, type));
  }
  const message: DnsMessage = {
    id,
    opcode: (bits >> 11) & 0xf,
    flags: {
      qr: (bits & 0x8000) !== 0,
      aa: (bits & 0x0400) !== 0,
      tc: (bits & 0x0200) !== 0,
      rd: (bits & 0x0100) !== 0,
      ra: (bits & 0x0080) !== 0,
      z: (bits & 0x0040) !== 0,
      ad: (bits & 0x0020) !== 0,
      cd: (bits & 0x0010) !== 0,
    },
    rcode,
    questions,
    answers,
    authorities,
    additionals,
  };
  if (edns) message.edns = edns;
  return message;
}

function readSection(r: WireReader, count: number, section: string): ResourceRecord[] {
  const out: ResourceRecord[] = [];
  for (let i = 0; i < count; i++) {
    const name = r.name(`${section} owner`);
    out.push(readRecordBody(r, name, r.u16(`${section} type`)));
  }
  return out;
}

function readRecordBody(r: WireReader, name: string, typeCode: number): ResourceRecord {
  const cls = r.u16("class");
  const ttl = r.u32("TTL");
  const len = r.u16("RDLENGTH");
  return {
    name,
    type: typeToString(typeCode),
    class: classToString(cls),
    ttl,
    data: decodeRdata(typeCode, r, len),
  };
}

/** A message to encode: everything optional except what a query needs. */
export interface MessageInput {
  id: number;
  opcode?: number;
  flags?: Partial<Flags>;
  rcode?: number;
  questions?: Question[];
  answers?: ResourceRecord[];
  authorities?: ResourceRecord[];
  additionals?: ResourceRecord[];
  edns?: Partial<Edns>;
  /** Compress names (on by default, as servers do). */
  compress?: boolean;
}

export function encodeMessage(m: MessageInput): Buffer {
  const w = new WireWriter(512);
  const f = m.flags ?? {};
  const rcode = m.rcode ?? 0;
  const bits =
    (f.qr ? 0x8000 : 0) |
    (((m.opcode ?? 0) & 0xf) << 11) |
    (f.aa ? 0x0400 : 0) |
    (f.tc ? 0x0200 : 0) |
    (f.rd ? 0x0100 : 0) |
    (f.ra ? 0x0080 : 0) |
    (f.z ? 0x0040 : 0) |
    (f.ad ? 0x0020 : 0) |
    (f.cd ? 0x0010 : 0) |
    (rcode & 0xf);
  const questions = m.questions ?? [];
  const answers = m.answers ?? [];
  const authorities = m.authorities ?? [];
  const additionals = m.additionals ?? [];
  const hasEdns = m.edns !== undefined || rcode > 0xf;
  w.u16(m.id);
  w.u16(bits);
  w.u16(questions.length);
  w.u16(answers.length);
  w.u16(authorities.length);
  w.u16(additionals.length + (hasEdns ? 1 : 0));
  const compress = m.compress ?? true;
  for (const q of questions) {
    w.name(q.name, compress);
    w.u16(codeOf(q.type, typeFromString, "type"));
    w.u16(codeOf(q.class, classFromString, "class"));
  }
  for (const rr of answers) writeRecord(w, rr, compress);
  for (const rr of authorities) writeRecord(w, rr, compress);
  for (const rr of additionals) writeRecord(w, rr, compress);
  if (hasEdns) {
    const e = m.edns ?? {};
    w.u8(0);
    w.u16(OPT);
    w.u16(e.udpSize ?? 1232);
    w.u32(
      (((rcode >> 4) & 0xff) << 24) | (((e.version ?? 0) & 0xff) << 16) | (e.dnssecOk ? 0x8000 : 0),
    );
    const lenAt = w.pos;
    w.u16(0);
    for (const o of e.options ?? []) {
      w.u16(o.code);
      w.u16(o.data.length);
      w.bytes(o.data);
    }
    w.patchU16(lenAt, w.pos - lenAt - 2);
  }
  return Buffer.from(w.finish());
}

function writeRecord(w: WireWriter, rr: ResourceRecord, compress: boolean): void {
  w.name(rr.name, compress);
  const type = codeOf(rr.type, typeFromString, "type");
  w.u16(type);
  w.u16(codeOf(rr.class, classFromString, "class"));
  w.u32(rr.ttl);
  const lenAt = w.pos;
  w.u16(0);
  encodeRdata(type, rr.data, w, compress);
  w.patchU16(lenAt, w.pos - lenAt - 2);
}

function codeOf(text: string, parse: (t: string) => number | undefined, what: string): number {
  const code = parse(text);
  if (code === undefined) throw new DnsightError("INPUT", `unknown record ${what} "${text}"`);
  return code;
}
