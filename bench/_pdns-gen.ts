// Deterministic passive-DNS inputs for the pdns benchmarks: a universe of ~100k
// names (queried with Zipf popularity, as real resolver traffic is), written as a
// pcap of DNS over UDP/IPv4/Ethernet or as a Zeek 6 dns.log, and the rows of a
// 10M-observation store. Everything comes from one seeded PRNG, so a version
// string is enough to key a cached file.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeMessage, type ResourceRecord } from "../src/dns/wire/message.js";
import type { Observation } from "../src/model/observation.js";
import { mulberry32 } from "./fuzz/rng.js";

/** mulberry32 (the fuzzer's): small, fast and good enough for shaping test data. */
export const rng = mulberry32;

/** Samples ranks 0..n-1 with P(k) ∝ 1/(k+1)^s. */
export function zipf(n: number, s: number, rand: () => number): () => number {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) cdf[k] = total += 1 / Math.pow(k + 1, s);
  return () => {
    const u = rand() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const int = (rand: () => number, lo: number, hi: number): number =>
  lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

/** A cached input lives under $TMPDIR/dnsight-bench-cache/<version>/. */
export function cacheDir(version: string): string {
  const dir = join(tmpdir(), "dnsight-bench-cache", version);
  mkdirSync(dir, { recursive: true });
  return dir;
}

// Names: fixed-width consonant-vowel syllables, so the digits of an index spell a
// unique, pronounceable label ("kobera").
const CONS = "bcdfghjklmnprstvwxyz";
const VOWELS = "aeiou";
function label(n: number, minSyllables = 3): string {
  let out = "";
  for (let i = 0; i < minSyllables || n > 0; i++) {
    const d = n % 100;
    n = Math.floor(n / 100);
    out += CONS[Math.floor(d / 5)]! + VOWELS[d % 5]!;
  }
  return out;
}

const TLDS = ["com", "com", "com", "com", "net", "org", "io", "de", "co.uk", "ru", "fr", "nl"];
const SUBS = ["www", "api", "mail", "cdn", "static", "app", "m", "img", "login", "shop", "blog"];

/** Registered domain number `j` ("kobera.com"). */
export function domainName(j: number): string {
  return `${label(j)}.${TLDS[j % TLDS.length]!}`;
}

/** An IPv4 address: most in hosting clusters (a few thousand busy /24s), some anywhere. */
function ipv4(rand: () => number, clusterOf: () => number): string {
  if (rand() < 0.7) {
    const c = clusterOf();
    // Cluster c is a /24 scattered over the unicast space by a fixed hash.
    const h = Math.imul(c + 1, 2654435761) >>> 0;
    return `${1 + (h % 222)}.${(h >>> 8) & 255}.${(h >>> 16) & 255}.${int(rand, 1, 254)}`;
  }
  return `${int(rand, 1, 223)}.${int(rand, 0, 255)}.${int(rand, 0, 255)}.${int(rand, 1, 254)}`;
}

function ipv6(rand: () => number, clusterOf: () => number): string {
  const c = clusterOf();
  return `2001:db8:${(c & 0xffff).toString(16)}:${(c >>> 16).toString(16)}::${int(rand, 1, 0xfffe).toString(16)}`;
}

// ---- The name universe of the pcap and Zeek benches -------------------------------

type Kind = "a" | "aaaa" | "cname" | "cname6" | "mx" | "txt" | "ns" | "ptr" | "nx";

export interface NameEntry {
  qname: string;
  qtype: string;
  kind: Kind;
  /** The answer section, in order (a CNAME chain first); empty for NXDOMAIN. */
  answers: ResourceRecord[];
  /** Whether Zeek's flattened answers can rebuild these records (MX loses its preference). */
  zeekRebuilds: boolean;
}

const rr = (name: string, type: string, data: string, ttl = 300): ResourceRecord => ({
  name: `${name}.`,
  type,
  class: "IN",
  ttl,
  data,
});

/** ~100k names with their answers; CDN edges, mail and DNS providers are shared. */
export function nameUniverse(n = 100_000, seed = 4): NameEntry[] {
  const rand = rng(seed);
  const clusterOf = zipf(5000, 0.8, rand);
  const edges = Array.from({ length: 2000 }, (_, k) => {
    const name = `e${k}.${pick(rand, ["akamaiedge.net", "cloudfront.net", "fastly.net", "edgecastcdn.net"])}`;
    const a = Array.from({ length: int(rand, 1, 2) }, () => ipv4(rand, clusterOf));
    return { name, a, aaaa: ipv6(rand, clusterOf) };
  });
  const edgeOf = zipf(edges.length, 1, rand);
  const mxHosts = ["aspmx.l.google.com", "mx1.mail.protection.outlook.com", "mx.zoho.eu"];
  const dnsHosts = Array.from({ length: 200 }, (_, k) => `ns${k}.${label(k + 7000)}-dns.net`);
  const out: NameEntry[] = [];
  for (let j = 0; out.length < n; j++) {
    const domain = domainName(j);
    const subs = SUBS.filter(() => rand() < 0.25);
    for (const sub of ["", ...subs]) {
      if (out.length >= n) break;
      const qname = sub === "" ? domain : `${sub}.${domain}`;
      const r = rand();
      const kind: Kind =
        r < 0.4
          ? "a"
          : r < 0.52
            ? "aaaa"
            : r < 0.7
              ? "cname"
              : r < 0.74
                ? "cname6"
                : r < 0.8
                  ? "mx"
                  : r < 0.86
                    ? "txt"
                    : r < 0.91
                      ? "ns"
                      : r < 0.96
                        ? "ptr"
                        : "nx";
      out.push(entry(kind, qname, domain));
    }
  }
  return out;

  function entry(kind: Kind, qname: string, domain: string): NameEntry {
    const answers: ResourceRecord[] = [];
    let qtype = "A";
    let name = qname;
    switch (kind) {
      case "a":
        for (let i = int(rand, 1, 3); i > 0; i--)
          answers.push(rr(qname, "A", ipv4(rand, clusterOf)));
        break;
      case "aaaa":
        qtype = "AAAA";
        for (let i = int(rand, 1, 2); i > 0; i--)
          answers.push(rr(qname, "AAAA", ipv6(rand, clusterOf)));
        break;
      case "cname":
      case "cname6": {
        qtype = kind === "cname" ? "A" : "AAAA";
        const edge = edges[edgeOf()]!;
        let owner = qname;
        if (rand() < 0.3) {
          // Two links: the customer's own alias at the CDN, then the shared edge.
          const alias = `${qname}.edgekey.net`;
          answers.push(rr(owner, "CNAME", `${alias}.`));
          owner = alias;
        }
        answers.push(rr(owner, "CNAME", `${edge.name}.`));
        if (kind === "cname") for (const a of edge.a) answers.push(rr(edge.name, "A", a, 20));
        else answers.push(rr(edge.name, "AAAA", edge.aaaa, 20));
        break;
      }
      case "mx":
        qtype = "MX";
        if (rand() < 0.5) answers.push(rr(qname, "MX", `1 ${pick(rand, mxHosts)}.`, 3600));
        else
          for (let i = 1; i <= int(rand, 1, 2); i++)
            answers.push(rr(qname, "MX", `${i * 10} mx${i}.${domain}.`, 3600));
        break;
      case "txt":
        qtype = "TXT";
        answers.push(
          rr(
            qname,
            "TXT",
            rand() < 0.6
              ? `"v=spf1 include:_spf.${domain} ~all"`
              : `"site-verification=${Math.floor(rand() * 2 ** 48).toString(16)}"`,
            3600,
          ),
        );
        break;
      case "ns": {
        qtype = "NS";
        const p = int(rand, 0, dnsHosts.length - 4);
        for (let i = int(rand, 2, 4) - 1; i >= 0; i--)
          answers.push(rr(qname, "NS", `${dnsHosts[p + i]!}.`, 86400));
        break;
      }
      case "ptr": {
        qtype = "PTR";
        const ip = ipv4(rand, clusterOf).split(".").reverse().join(".");
        name = `${ip}.in-addr.arpa`;
        answers.push(rr(name, "PTR", `host-${ip.replace(/\./g, "-")}.${domain}.`, 3600));
        break;
      }
      case "nx":
        name = `nx-${label(Math.floor(rand() * 1e6))}.${domain}`;
    }
    return { qname: name, qtype, kind, answers, zeekRebuilds: kind !== "mx" };
  }
}

/** The store key of a record as the generator knows it (same distinctness as the store's). */
export const recordKey = (r: ResourceRecord): string => `${r.name}\0${r.type}\0${r.data}`;

// ---- pcap ------------------------------------------------------------------------

/** Buffered sequential writes to a file; `done` renames it into place. */
class FileWriter {
  private buf = Buffer.alloc(1 << 22);
  private pos = 0;
  private readonly fd: number;
  constructor(private readonly path: string) {
    this.fd = openSync(`${path}.part`, "w");
  }
  reserve(n: number): { buf: Buffer; at: number } {
    if (this.pos + n > this.buf.length) this.flush();
    const at = this.pos;
    this.pos += n;
    return { buf: this.buf, at };
  }
  text(s: string): void {
    const n = Buffer.byteLength(s);
    if (n > this.buf.length) {
      this.flush();
      writeSync(this.fd, s);
      return;
    }
    const { buf, at } = this.reserve(n);
    buf.write(s, at);
  }
  flush(): void {
    if (this.pos > 0) writeSync(this.fd, this.buf, 0, this.pos);
    this.pos = 0;
  }
  done(): void {
    this.flush();
    closeSync(this.fd);
    renameSync(`${this.path}.part`, this.path);
  }
}

export interface PcapMeta {
  messages: number;
  responses: number;
  /** Distinct (rrname, rrtype, rdata) in the responses' answers: the rows an ingest should store. */
  expectedRows: number;
  bytes: number;
}

const ipToBytes = (ip: string, buf: Buffer, at: number): void => {
  const p = ip.split(".");
  for (let i = 0; i < 4; i++) buf[at + i] = Number(p[i]);
};

/** One Ethernet II / IPv4 / UDP frame around `dns` (UDP checksum 0: none, allowed over IPv4). */
function writeFrame(
  w: FileWriter,
  tsMicros: number,
  src: string,
  dst: string,
  sport: number,
  dport: number,
  dns: Buffer,
): number {
  const len = 14 + 20 + 8 + dns.length;
  const { buf, at } = w.reserve(16 + len);
  buf.writeUInt32LE(Math.floor(tsMicros / 1e6), at);
  buf.writeUInt32LE(tsMicros % 1e6, at + 4);
  buf.writeUInt32LE(len, at + 8);
  buf.writeUInt32LE(len, at + 12);
  const e = at + 16;
  buf.fill(0, e, e + 12);
  buf[e + 5] = dport === 53 ? 1 : 2; // two made-up MACs
  buf[e + 11] = dport === 53 ? 2 : 1;
  buf.writeUInt16BE(0x0800, e + 12);
  const ip = e + 14;
  buf[ip] = 0x45;
  buf[ip + 1] = 0;
  buf.writeUInt16BE(20 + 8 + dns.length, ip + 2);
  buf.writeUInt16BE(0, ip + 4);
  buf.writeUInt16BE(0x4000, ip + 6); // DF
  buf[ip + 8] = 64;
  buf[ip + 9] = 17;
  buf.writeUInt16BE(0, ip + 10);
  ipToBytes(src, buf, ip + 12);
  ipToBytes(dst, buf, ip + 16);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += buf.readUInt16BE(ip + i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  buf.writeUInt16BE(~sum & 0xffff, ip + 10);
  const udp = ip + 20;
  buf.writeUInt16BE(sport, udp);
  buf.writeUInt16BE(dport, udp + 2);
  buf.writeUInt16BE(8 + dns.length, udp + 4);
  buf.writeUInt16BE(0, udp + 6);
  dns.copy(buf, udp + 8);
  return 16 + len;
}

/** Epoch of the first packet / log line: 2026-01-01T00:00:00Z. */
const T0 = 1_767_225_600;

/**
 * Writes `messages` DNS messages (a query then its response, Zipf-popular names) to
 * `path` as a microsecond pcap, unless it is there already, and returns what it holds.
 */
export function writePcap(path: string, messages: number, universe: NameEntry[]): PcapMeta {
  const rand = rng(53);
  const nameOf = zipf(universe.length, 1, rand);
  const w = new FileWriter(path);
  const gh = w.reserve(24);
  gh.buf.writeUInt32LE(0xa1b2c3d4, gh.at);
  gh.buf.writeUInt16LE(2, gh.at + 4);
  gh.buf.writeUInt16LE(4, gh.at + 6);
  gh.buf.writeUInt32LE(0, gh.at + 8);
  gh.buf.writeUInt32LE(0, gh.at + 12);
  gh.buf.writeUInt32LE(65535, gh.at + 16);
  gh.buf.writeUInt32LE(1, gh.at + 20); // LINKTYPE_ETHERNET
  // Encoded once per name; each use copies it and patches the id.
  const queries = new Map<number, Buffer>();
  const responses = new Map<number, Buffer>();
  const seen = new Set<string>();
  const resolver = "10.0.0.53";
  let us = 0;
  let bytes = 24;
  let responsesOut = 0;
  for (let i = 0; i < messages; i += 2) {
    const k = nameOf();
    const e = universe[k]!;
    const question = [{ name: `${e.qname}.`, type: e.qtype, class: "IN" }];
    let q = queries.get(k);
    if (!q) {
      q = encodeMessage({ id: 0, flags: { rd: true }, questions: question });
      queries.set(k, q);
    }
    let r = responses.get(k);
    if (!r) {
      r =
        e.kind === "nx"
          ? encodeMessage({
              id: 0,
              flags: { qr: true, rd: true, ra: true },
              rcode: 3,
              questions: question,
              authorities: [
                rr(
                  e.qname.slice(e.qname.indexOf(".") + 1),
                  "SOA",
                  "ns1.example.net. hostmaster.example.net. 1 7200 3600 1209600 300",
                ),
              ],
            })
          : encodeMessage({
              id: 0,
              flags: { qr: true, rd: true, ra: true },
              questions: question,
              answers: e.answers,
            });
      responses.set(k, r);
    }
    const id = int(rand, 0, 0xffff);
    const client = `10.${int(rand, 1, 20)}.${int(rand, 0, 255)}.${int(rand, 1, 254)}`;
    const port = int(rand, 1024, 65535);
    q = Buffer.from(q);
    q.writeUInt16BE(id, 0);
    us += int(rand, 50, 1500);
    bytes += writeFrame(w, T0 * 1e6 + us, client, resolver, port, 53, q);
    if (i + 1 >= messages) break;
    r = Buffer.from(r);
    r.writeUInt16BE(id, 0);
    us += int(rand, 100, 5000);
    bytes += writeFrame(w, T0 * 1e6 + us, resolver, client, 53, port, r);
    responsesOut++;
    for (const a of e.answers) seen.add(recordKey(a));
  }
  w.done();
  return { messages, responses: responsesOut, expectedRows: seen.size, bytes };
}

// ---- Zeek dns.log ----------------------------------------------------------------

const ZEEK_FIELDS =
  "ts uid id.orig_h id.orig_p id.resp_h id.resp_p proto trans_id rtt query qclass qclass_name qtype qtype_name rcode rcode_name AA TC RD RA Z answers TTLs rejected".split(
    " ",
  );
const ZEEK_TYPES =
  "time string addr port addr port enum count interval string count string count string count string bool bool bool bool count vector[string] vector[interval] bool".split(
    " ",
  );
const TYPE_CODES: Record<string, number> = { A: 1, NS: 2, PTR: 12, MX: 15, TXT: 16, AAAA: 28 };
const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export interface ZeekMeta {
  rows: number;
  /** Rows with answers. */
  answered: number;
  /** Distinct (rrname, rrtype, rdata) Zeek's answers let an ingest rebuild (MX is lossy). */
  expectedRows: number;
}

/** How Zeek prints one answer: names without the dot, TXT as "TXT <len> <text>", MX as its exchange. */
function zeekAnswer(r: ResourceRecord): string {
  switch (r.type) {
    case "TXT": {
      const s = r.data.slice(1, -1);
      return `TXT ${s.length} ${s}`;
    }
    case "MX":
      return r.data.split(" ")[1]!.replace(/\.$/, "");
    default:
      return r.data.replace(/\.$/, "");
  }
}

/** Writes a Zeek 6 TSV dns.log of `rows` transactions over the universe to `path`. */
/**
 * A Zeek dns.log of `rows` lines. "zipf": names drawn Zipf-popular from the universe,
 * as a resolver sees them; "distinct": each line another name of the universe in turn,
 * so no answer repeats (the universe should hold `rows` names).
 */
export function writeZeekLog(
  path: string,
  rows: number,
  universe: NameEntry[],
  order: "zipf" | "distinct" = "zipf",
): ZeekMeta {
  const rand = rng(6);
  let next = 0;
  const nameOf = order === "zipf" ? zipf(universe.length, 1, rand) : () => next++ % universe.length;
  const w = new FileWriter(path);
  const iso = (t: number): string =>
    new Date(t * 1000).toISOString().slice(0, 19).replace("T", "-").replace(/:/g, "-");
  w.text(
    `#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tdns\n#open\t${iso(T0)}\n` +
      `#fields\t${ZEEK_FIELDS.join("\t")}\n#types\t${ZEEK_TYPES.join("\t")}\n`,
  );
  const seen = new Set<string>();
  const lines = new Map<number, string>();
  let us = 0;
  let answered = 0;
  let chunk = "";
  for (let i = 0; i < rows; i++) {
    const k = nameOf();
    const e = universe[k]!;
    us += int(rand, 100, 3000);
    let uid = "C";
    for (let c = 0; c < 17; c++) uid += B62[Math.floor(rand() * 62)]!;
    const client = `10.${int(rand, 1, 20)}.${int(rand, 0, 255)}.${int(rand, 1, 254)}`;
    const ts = `${Math.floor(us / 1e6) + T0}.${String(us % 1e6).padStart(6, "0")}`;
    const head = `${ts}\t${uid}\t${client}\t${int(rand, 1024, 65535)}\t10.0.0.53\t53\tudp\t${int(rand, 0, 0xffff)}`;
    // The part after the head is the same every time the name is answered.
    let tail = lines.get(k);
    if (tail === undefined) {
      const qt = `${e.qname}\t1\tC_INTERNET\t${TYPE_CODES[e.qtype]!}\t${e.qtype}`;
      tail =
        e.kind === "nx"
          ? `${qt}\t3\tNXDOMAIN\tF\tF\tT\tT\t0\t-\t-\tF`
          : `${qt}\t0\tNOERROR\tF\tF\tT\tT\t0\t${e.answers.map(zeekAnswer).join(",")}\t${e.answers
              .map((a) => `${a.ttl}.000000`)
              .join(",")}\tF`;
      lines.set(k, tail);
    }
    if (rand() < 0.03) {
      // No response seen: rtt, rcode, answers unset.
      const qt = `${e.qname}\t1\tC_INTERNET\t${TYPE_CODES[e.qtype]!}\t${e.qtype}`;
      chunk += `${head}\t-\t${qt}\t-\t-\tF\tF\tT\tF\t0\t-\t-\tF\n`;
    } else {
      chunk += `${head}\t0.${String(int(rand, 200, 90_000)).padStart(6, "0")}\t${tail}\n`;
      if (e.kind !== "nx") {
        answered++;
        if (e.zeekRebuilds) for (const a of e.answers) seen.add(recordKey(a));
      }
    }
    if (chunk.length > 1 << 20) {
      w.text(chunk);
      chunk = "";
    }
  }
  w.text(`${chunk}#close\t${iso(T0 + Math.floor(us / 1e6))}\n`);
  w.done();
  return { rows, answered, expectedRows: seen.size };
}

// ---- The rows of a large store ---------------------------------------------------

/**
 * `total` observations for the query bench, domain by domain: ~1M registered domains
 * with NS/MX/A at the apex and a heavy-tailed number of subdomains (A, AAAA or a
 * CNAME to a shared CDN edge), addresses clustered in busy /24s, NS, MX and CNAME
 * targets shared by many rows. Yields arrays of about `batch` rows.
 */
export function* storeRows(total: number, batch: number, seed = 10): Generator<Observation[]> {
  const rand = rng(seed);
  const clusterOf = zipf(200_000, 0.3, rand);
  const edges = Array.from({ length: 50_000 }, (_, k) => `e${k}.${label(k % 97)}-cdn.net.`);
  const edgeOf = zipf(edges.length, 0.9, rand);
  const nsHosts = Array.from(
    { length: 20_000 },
    (_, k) => `ns${1 + (k % 4)}.${label(k + 50_000)}-dns.com.`,
  );
  const nsOf = zipf(nsHosts.length / 4, 1, rand);
  const mxHosts = Array.from(
    { length: 5000 },
    (_, k) => `mx${k % 3}.${label(k + 90_000)}-mail.net.`,
  );
  const mxOf = zipf(mxHosts.length, 1, rand);
  let made = 0;
  let out: Observation[] = [];
  const t0 = T0 - 86400 * 365;
  const add = (rrname: string, rrtype: string, rdata: string): void => {
    const first = t0 + Math.floor(rand() * 86400 * 300);
    out.push({
      rrname,
      rrtype,
      rdata,
      timeFirst: first,
      timeLast: first + Math.floor(rand() * 86400 * 60),
      count: 1 + Math.floor(1 / (rand() + 0.001)),
      source: "passive",
    });
    made++;
  };
  for (let j = 0; made < total; j++) {
    const d = domainName(j);
    const ns = nsOf() * 4;
    add(d, "NS", nsHosts[ns]!);
    add(d, "NS", nsHosts[ns + 1]!);
    if (rand() < 0.6) add(d, "MX", rand() < 0.5 ? `10 ${mxHosts[mxOf()]!}` : `10 mail.${d}.`);
    add(d, "A", ipv4(rand, clusterOf));
    // Subdomains: mostly a few, some hundreds (Pareto, capped).
    const subs = Math.min(400, Math.floor(1.5 / Math.pow(rand() + 1e-9, 0.75)));
    for (let s = 0; s < subs && made < total; s++) {
      const host = s < SUBS.length ? SUBS[s]! : `h${label(s, 1)}`;
      const name = `${host}.${d}`;
      const r = rand();
      if (r < 0.5) {
        add(name, "A", ipv4(rand, clusterOf));
        if (rand() < 0.3) add(name, "A", ipv4(rand, clusterOf));
      } else if (r < 0.65) add(name, "AAAA", ipv6(rand, clusterOf));
      else if (r < 0.9) add(name, "CNAME", edges[edgeOf()]!);
      else add(name, "CNAME", `${d}.`);
    }
    if (made > total) {
      // The last domain's apex may overshoot: keep exactly `total`.
      out.length -= made - total;
      made = total;
    }
    if (out.length >= batch) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}

export const cached = (path: string): boolean => existsSync(path);
