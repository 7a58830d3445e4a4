// Acceptance test: `dnsight lookup --json --dnssec` against kdig, the reference, on a zone of
// our own served by Knot and signed with DNSSEC. Every owner×type of the zone (found by walking
// its NSEC chain, so Knot's own DNSKEY/CDS/CDNSKEY/RRSIG/NSEC records are included) and a list
// of special cases (wildcard, DNAME, referral, NXDOMAIN, NODATA, truncation, a second zone
// signed with NSEC3) are asked through both; status, AA and every record of the answer,
// authority and additional sections must agree. Each record's data is also encoded back to
// wire form by our encoder and compared with the RDATA bytes kdig saw.
//
// The lookups run in-process (StubClient + toDnsResult + toQueryName, exactly what the lookup
// command does); a handful also go through the real CLI to prove it prints the same objects.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { promisify } from "node:util";
import { endpointOf } from "../../src/dns/client/endpoint.js";
import { StubClient } from "../../src/dns/client/stub.js";
import { toQueryName } from "../../src/dns/input-name.js";
import { toDnsResult, type DnsResult, type ResultRecord } from "../../src/dns/result.js";
import { encodeRdata } from "../../src/dns/wire/rdata/index.js";
import { typeFromString } from "../../src/dns/wire/types.js";
import { WireWriter } from "../../src/dns/wire/writer.js";
import { waitFor } from "../helpers/_process.js";
import { startKnot, type KnotServer } from "../helpers/knot.js";

const run = promisify(execFile);

const ORIGIN = "diff.test.";
const N3 = "n3.test.";

// Relative to ORIGIN. One or more records of every type in the brief, odd names, odd data.
const KEY =
  "mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==";
const SHA256 = "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF";
const SHA384 = `${SHA256}0123456789ABCDEF0123456789ABCDEF`;
const BIG = Array.from(
  { length: 40 },
  (_, i) => `big TXT "record ${i + 1} ${"padding ".repeat(12).trim()}"`,
);
const ZONE = [
  "$TTL 300",
  "@ SOA ns1 hostmaster 2024010101 3600 900 604800 300",
  "@ NS ns1",
  "@ MX 10 mail",
  "@ MX 20 \\000\\255bin",
  '@ TXT "v=spf1 -all"',
  '@ SPF "v=spf1 -all"',
  '@ CAA 0 issue "ca.example.net; account=1234"',
  '@ CAA 0 iodef "mailto:security@example.net"',
  '@ CAA 128 tbs "Unknown \\"quoted\\""',
  "ns1 A 127.0.0.1",
  "mail A 192.0.2.25",
  "a A 192.0.2.1",
  "a AAAA 2001:db8::1",
  "a AAAA ::ffff:192.0.2.1",
  "aaaa AAAA ::",
  "aaaa AAAA ::1",
  "aaaa AAAA ::2",
  "aaaa AAAA ::192.0.2.1",
  "aaaa AAAA 1::",
  "aaaa AAAA 2001:db8:0:0:1:0:0:1",
  "aaaa AAAA 2001:db8:0:1:1:1:1:1",
  "aaaa AAAA 2001:0:0:1::1",
  "aaaa AAAA ::ffff:0:1",
  "aaaa AAAA fe80::1:0:0:0",
  "aaaa AAAA ::ffff:0.0.0.0",
  "aaaa AAAA ::ffff:0:1.2.3.4",
  "aaaa AAAA ::1:0:0:0:0:0",
  "aaaa AAAA 1:0:0:1:0:0:1:1",
  "aaaa AAAA fe80::ffff:1.2.3.4",
  "aaaa AAAA 64:ff9b::192.0.2.1",
  "ttl 86400 A 192.0.2.2",
  "ttl0 0 A 192.0.2.3",
  "ptr PTR a",
  "ptr PTR with\\032space",
  'txt TXT "hello world" "with \\"quotes\\" and \\\\ backslash" "\\000\\255\\010" ""',
  'txt TXT "caf\\195\\169" "tab\\009here" semicolon\\;unquoted',
  `txt TXT "${"x".repeat(255)}"`,
  'hinfo HINFO "PC Intel" "Linux 6"',
  "_sip._tcp SRV 10 60 5060 a",
  "_sip._tcp SRV 0 0 0 .",
  'naptr NAPTR 100 10 "U" "E2U+sip" "!^.*$!sip:info@example.com!" .',
  'naptr NAPTR 100 20 "S" "SIP+D2U" "" _sip._tcp',
  'naptr NAPTR 65535 65535 "" "" "!^(.*)$!\\\\1!" .',
  'uri URI 10 1 "https://example.com/path?q=a b"',
  "_443._tcp TLSA 3 1 1 " + SHA256,
  "_443._tcp TLSA 2 0 2 " + SHA384 + SHA384.slice(0, 32),
  "smimea SMIMEA 3 0 1 " + SHA256,
  "sshfp SSHFP 4 2 " + SHA256,
  "sshfp SSHFP 1 1 0123456789ABCDEF0123456789ABCDEF01234567",
  "cert CERT 1 12345 8 AQIDBAUGBwgJCgsMDQ4PEA==",
  "cert CERT PGP 0 0 AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5",
  "openpgp OPENPGPKEY " + Buffer.alloc(200, 0xa5).toString("base64"),
  "dhcid DHCID AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=",
  "ipsec IPSECKEY 10 0 2 . AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==",
  "ipsec IPSECKEY 10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==",
  "ipsec IPSECKEY 10 2 2 2001:db8::1 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==",
  "ipsec IPSECKEY 20 0 0 .",
  "ipsec IPSECKEY 30 2 1 ::192.0.2.1 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==",
  "ipsec IPSECKEY 10 3 2 gw.example.com. AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==",
  "loc LOC 52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m",
  "loc LOC 42 21 54.5 N 71 06 18.345 W -24.5m 30m",
  "loc LOC 0 0 0 S 0 0 0 W 0m 1m 1m 1m",
  "loc LOC 90 S 180 E 42849672.95m 90000000m 90000000m 90000000m",
  "loc LOC 1 2 3.001 N 4 5 6.999 E -0.01m 0.5m 1.23m 99.99m",
  "loc LOC 59 59 59.999 N 179 59 59.999 W -100000m 0.01m 1000m 12345m",
  "rp RP hostmaster txt",
  "rp RP . .",
  "rp RP first\\.last.example. .",
  "afsdb AFSDB 1 a",
  "kx KX 10 a",
  "apl APL 1:192.168.32.0/21 !1:192.168.38.0/28 2:2001:db8::/32 1:0.0.0.0/0 !2:::/0 1:192.168.1.128/25 2:2001:db8:0:0:1::/80 2:::192.0.2.1/128",
  `child DS 12345 13 2 ${SHA256}`,
  `child DS 54321 8 4 ${SHA384}`,
  "child DS 1 5 1 0123456789ABCDEF0123456789ABCDEF01234567",
  "child NS ns.child",
  "ns.child A 192.0.2.53",
  "ns.child AAAA 2001:db8::53",
  `cds CDS 12345 13 2 ${SHA256}`,
  "cds CDS 0 0 0 00",
  `cdnskey CDNSKEY 257 3 13 ${KEY}`,
  "cdnskey CDNSKEY 0 3 0 AA==",
  `dnskey DNSKEY 256 3 13 ${KEY}`,
  "svcb SVCB 0 a",
  'svcb SVCB 1 a alpn=h2,h3 port=8443 ipv4hint=192.0.2.1 key65000="a b" key7="/dns-query{?dns}"',
  'svcb SVCB 2 . no-default-alpn alpn="h\\\\,x,h3" key65535=""',
  'https HTTPS 1 . mandatory=alpn,port alpn="h2,h3" port=443 ipv4hint=192.0.2.1,192.0.2.2 ech=AEj+DQBEAQAgACBQ ipv6hint=2001:db8::1,2001:db8::2 key65001="x y" key65002',
  "https HTTPS 0 svcb",
  "https HTTPS 2 a mandatory=key65000,ipv6hint key65000=v ipv6hint=::ffff:192.0.2.1,::2,2001:db8:0:0:1:0:0:1,::192.0.2.1",
  'svcb SVCB 3 . alpn="a b,h2" key65004="p (q)  r;s" key65005=x\\"y',
  "csync CSYNC 66 3 A NS AAAA",
  "csync CSYNC 4294967295 0 TYPE65280 CAA",
  "csync CSYNC 7 2",
  `zonemd ZONEMD 2024010101 1 1 ${SHA384}`,
  `zonemd ZONEMD 1 1 240 ${SHA256}`,
  "eui48 EUI48 00-00-5e-00-53-2a",
  "eui64 EUI64 00-00-5e-ef-10-00-00-2a",
  "l32 L32 10 10.1.2.0",
  "l64 L64 10 2001:0DB8:1140:1000",
  "l64 L64 0 0000:0000:0000:0001",
  "lp LP 10 l64",
  "nid NID 10 0014:4fff:ff20:ee64",
  "unk TYPE65280 \\# 4 0A000001",
  "unk TYPE65281 \\# 0",
  "unk TYPE65282 \\# 1 ff",
  "cname CNAME a",
  "escname CNAME esc\\.aped",
  "c1 CNAME c2",
  "c2 CNAME c3",
  "c3 A 192.0.2.3",
  "dn DNAME dtarget",
  "x.dtarget A 192.0.2.4",
  "outdn DNAME example.com.",
  "*.wild A 192.0.2.50",
  '*.wild TXT "wild"',
  "esc\\.aped A 192.0.2.5",
  "\\000\\255bin A 192.0.2.6",
  "with\\032space A 192.0.2.7",
  "xn--bcher-kva A 192.0.2.8",
  "xn--bcher-kva.xn--mnchen-3ya A 192.0.2.8",
  "a\\+b A 192.0.2.9",
  "x\\=y A 192.0.2.9",
  "semi\\;colon A 192.0.2.9",
  "at\\@sign A 192.0.2.9",
  "dollar\\$ A 192.0.2.9",
  "par\\(en\\) A 192.0.2.9",
  'qu\\"ote A 192.0.2.9',
  "under_score A 192.0.2.9",
  "sl/ash A 192.0.2.9",
  "back\\\\slash A 192.0.2.9",
  "ti\\~lde\\!\\#\\%\\&\\'\\*\\,\\<\\>\\?\\[\\]\\^\\`\\{\\|\\} A 192.0.2.9",
  "mxcase MX 10 MixedCase.Example.",
  `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(51)} A 192.0.2.10`,
  "ptr2 PTR ti\\~lde\\!\\#\\%\\&\\'\\*\\,\\<\\>\\?\\[\\]\\^\\`\\{\\|\\}",
  ...BIG,
  "",
].join("\n");

// A second zone, signed with NSEC3 (the config is switched after start, see useNsec3).
const ZONE_N3 = [
  "$TTL 300",
  "@ SOA ns1 hostmaster 1 3600 900 604800 300",
  "@ NS ns1",
  "ns1 A 127.0.0.1",
  "a A 192.0.2.1",
  '*.w TXT "wild3"',
  "sub NS ns.sub",
  "ns.sub A 192.0.2.9",
  "",
].join("\n");

interface KdigRR {
  NAME: string;
  TYPEname: string;
  CLASSname?: string;
  CLASS: number;
  TTL: number;
  RDLENGTH?: number;
  RDATAHEX?: string;
  [rdata: `rdata${string}`]: string;
}
interface KdigMsg {
  QNAME: string;
  RCODE: number;
  AA: number;
  TC: number;
  answerRRs?: KdigRR[];
  authorityRRs?: KdigRR[];
  additionalRRs?: KdigRR[];
}

const RCODES = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"];

function kdigRunner(port: number) {
  return async (name: string, type: string): Promise<KdigMsg> => {
    // +noidn: kdig turns xn-- names into U-labels by default (its +short output does); dnsight
    // keeps A-labels.
    // kdig retries over TCP by itself when the UDP answer is truncated (unless +ignore).
    const { stdout } = await run("kdig", [
      "@127.0.0.1",
      "-p",
      String(port),
      "-q",
      name,
      "-t",
      type,
      "+json",
      "+dnssec",
      "+noidn",
      "+retry=0",
      "+time=2",
    ]);
    return JSON.parse(stdout) as KdigMsg;
  };
}

/** Runs `fn` over `items`, at most `limit` at a time, keeping the order. */
async function pool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (x: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Owner as dnsight writes it: no root dot. */
const rel = (name: string): string => (name === "." ? "." : name.replace(/\.$/, ""));

/**
 * kdig leaves stray blanks in some types, which are not data: doubled separators in LOC
 * ("18.345 W  -24.50m  30m") and a trailing blank after CAA and URI values and after NSEC3
 * and CSYNC with an empty type bitmap. Runs of blanks outside quoted strings are collapsed
 * on kdig's side only, so dnsight must print the single-spaced form exactly; blanks inside
 * quotes are data and stay.
 */
function collapseBlanks(text: string): string {
  let out = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\") {
      out += c + (text[i + 1] ?? "");
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (!quoted && /\s/.test(c)) {
      if (!out.endsWith(" ")) out += " ";
      continue;
    }
    out += c;
  }
  return out.trim();
}

/** RDATA as kdig has it; a type kdig does not know has only RDATAHEX, which is RFC 3597 form. */
function kdigData(rr: KdigRR): string {
  const text = rr[`rdata${rr.TYPEname}`];
  if (text !== undefined) return collapseBlanks(text);
  const len = rr.RDLENGTH ?? 0;
  return len === 0 ? "\\# 0" : `\\# ${len} ${rr.RDATAHEX ?? ""}`;
}

const kdigRecords = (rrs: KdigRR[] | undefined): KdigRR[] =>
  (rrs ?? []).filter((r) => r.TYPEname !== "OPT");
const kdigLine = (r: KdigRR, fold = false): string =>
  `${fold ? rel(r.NAME).toLowerCase() : rel(r.NAME)} ${r.TTL} ${r.CLASSname ?? `CLASS${r.CLASS}`} ${r.TYPEname} ${kdigData(r)}`;
const ourLine = (r: ResultRecord, fold = false): string =>
  `${fold ? r.name.toLowerCase() : r.name} ${r.ttl} ${r.class} ${r.type} ${r.data}`;

function encodeHex(type: string, data: string): string {
  const w = new WireWriter();
  encodeRdata(typeFromString(type)!, data, w, false);
  return w.finish().toString("hex").toUpperCase();
}

interface Ask {
  /** The name as kdig is given it (absolute presentation form). */
  name: string;
  type: string;
  /** What dnsight is given, when it differs (e.g. a U-label). */
  input?: string;
  why: string;
  /**
   * kdig lowercases the name it asks (dig and dnsight send it as typed, and the server echoes
   * that case in owner names), so owner names are compared case-insensitively for this ask.
   */
  foldCase?: boolean;
  /** Extra checks on the dnsight result, so a case tests what it claims to test. */
  check?: (r: DnsResult, k: KdigMsg) => void;
}

/** Every difference between one dnsight result and the kdig reply, as readable lines. */
function compare(a: Ask, r: DnsResult, k: KdigMsg): string[] {
  const out: string[] = [];
  const field = (what: string, ours: unknown, theirs: unknown): void => {
    if (ours !== theirs)
      out.push(`  ${what}:\n    dnsight: ${String(ours)}\n    kdig:    ${String(theirs)}`);
  };
  field("status", r.status, RCODES[k.RCODE] ?? `RCODE${k.RCODE}`);
  field("aa", r.flags.aa, k.AA === 1);
  field("tc", r.flags.tc, k.TC === 1);
  const fold = a.foldCase === true;
  field("question name", fold ? r.name.toLowerCase() : r.name, rel(k.QNAME));
  const sections: Array<[string, ResultRecord[], KdigRR[]]> = [
    ["answer", r.answers, kdigRecords(k.answerRRs)],
    ["authority", r.authorities, kdigRecords(k.authorityRRs)],
    ["additional", r.additionals, kdigRecords(k.additionalRRs)],
  ];
  for (const [section, ours, theirs] of sections) {
    for (let i = 0; i < Math.max(ours.length, theirs.length); i++) {
      const o = ours[i];
      const t = theirs[i];
      const ol = o ? ourLine(o, fold) : "(none)";
      const tl = t ? kdigLine(t, fold) : "(none)";
      if (ol !== tl) {
        out.push(`  ${section}[${i}]:\n    dnsight: ${ol}\n    kdig:    ${tl}`);
        continue;
      }
      // Same text: our encoder must turn it back into the bytes kdig received.
      let hex: string;
      try {
        hex = encodeHex(o!.type, o!.data);
      } catch (e) {
        hex = `(encode failed: ${(e as Error).message})`;
      }
      if (hex !== (t!.RDATAHEX ?? ""))
        out.push(
          `  ${section}[${i}] re-encoded (${ol}):\n    dnsight: ${hex}\n    kdig:    ${t!.RDATAHEX ?? ""}`,
        );
    }
  }
  if (out.length === 0 && a.check) {
    try {
      a.check(r, k);
    } catch (e) {
      out.push(`  check (${a.why}): ${(e as Error).message}`);
    }
  }
  return out.length ? [`${a.name} ${a.type} (${a.why}):`, ...out] : [];
}

/** Follows the NSEC chain from the apex: every owner name of the zone with its types. */
async function walk(
  kdig: (n: string, t: string) => Promise<KdigMsg>,
  origin: string,
): Promise<Array<{ owner: string; types: string[] }>> {
  const out: Array<{ owner: string; types: string[] }> = [];
  let cur = origin;
  for (let i = 0; i < 500; i++) {
    let m = await kdig(cur, "NSEC");
    let nsec = m.answerRRs?.find((r) => r.TYPEname === "NSEC");
    if (!nsec) {
      // A delegation point answers a referral; its NSEC shows in the denial of a name just
      // after it in canonical order ("child\000" sorts right after "child").
      m = await kdig(cur.replace(/^((?:[^.\\]|\\.)+)/, "$1\\000"), "A");
      nsec = m.authorityRRs?.find((r) => r.TYPEname === "NSEC" && r.NAME === cur);
    }
    assert.ok(nsec, `no NSEC found for ${cur} while walking ${origin}`);
    const [next, ...types] = (nsec.rdataNSEC ?? "").trim().split(/\s+/);
    out.push({ owner: cur, types });
    if (next === origin) return out;
    cur = next!;
  }
  throw new Error(`NSEC chain of ${origin} does not close`);
}

/** Re-signs zone `origin` with NSEC3: a second policy in knot.conf, then a config reload. */
async function useNsec3(server: KnotServer, origin: string): Promise<void> {
  const conf = join(server.dir, "knot.conf");
  let text = readFileSync(conf, "utf8");
  const policy = [
    "policy:",
    "  - id: nsec3",
    "    algorithm: ecdsap256sha256",
    "    single-type-signing: on",
    "    nsec3: on",
    "    nsec3-iterations: 1",
    "    nsec3-salt-length: 4",
    "",
  ].join("\n");
  text = text.replace(/^policy:\n/m, policy);
  const zoneRe = new RegExp(
    `(domain: "${origin.replace(/\./g, "\\.")}"\\n(?:    .*\\n)*?    dnssec-policy: )test`,
  );
  assert.match(text, zoneRe, "knot.conf layout changed: cannot switch the zone to NSEC3");
  writeFileSync(conf, text.replace(zoneRe, "$1nsec3"));
  await run("knotc", ["-c", conf, "reload"], { timeout: 15_000 });
  await run("knotc", ["-c", conf, "-b", "zone-sign", origin], { timeout: 15_000 });
}

it("dnsight lookup --json --dnssec agrees with kdig on every record type", async (t) => {
  const server = await startKnot(
    {
      zones: [
        { origin: ORIGIN, text: ZONE, dnssec: true },
        { origin: N3, text: ZONE_N3, dnssec: true },
      ],
    },
    t,
  );
  const kdig = kdigRunner(server.port);
  await useNsec3(server, N3);
  await waitFor(
    `${N3} to be signed with NSEC3`,
    async () =>
      (await kdig(N3, "NSEC3PARAM")).answerRRs?.some((r) => r.TYPEname === "NSEC3PARAM") ||
      undefined,
    10_000,
    50,
  );

  // Every owner×type of the NSEC-signed zone.
  const owners = await walk(kdig, ORIGIN);
  const asks: Ask[] = owners.flatMap(({ owner, types }) =>
    types.map((type) => ({ name: owner, type, why: "zone data" })),
  );
  const covered = new Set(owners.flatMap((o) => o.types));

  const o = (rel: string): string => `${rel}.${ORIGIN}`;
  const referral = (r: DnsResult): void => {
    assert.equal(r.status, "NOERROR");
    assert.equal(r.flags.aa, false);
    assert.equal(r.answers.length, 0);
    assert.ok(
      r.authorities.some((x) => x.type === "NS"),
      "referral without NS",
    );
  };
  const nodata = (r: DnsResult): void => {
    assert.equal(r.status, "NOERROR");
    assert.ok(r.flags.aa);
    assert.equal(r.answers.length, 0);
    assert.ok(
      r.authorities.some((x) => x.type === "SOA"),
      "NODATA without SOA",
    );
  };
  const nxdomain = (r: DnsResult): void => {
    assert.equal(r.status, "NXDOMAIN");
    assert.ok(
      r.authorities.some((x) => x.type === "SOA"),
      "NXDOMAIN without SOA",
    );
  };
  asks.push(
    {
      name: o("foo.wild"),
      type: "A",
      why: "wildcard",
      check: (r) =>
        assert.ok(r.answers.some((x) => x.name === "foo.wild.diff.test" && x.type === "A")),
    },
    { name: o("a.b.wild"), type: "TXT", why: "wildcard, two labels deep" },
    { name: o("foo.wild"), type: "MX", why: "wildcard NODATA", check: nodata },
    { name: o("wild"), type: "A", why: "empty non-terminal NODATA", check: nodata },
    {
      name: o("x.dn"),
      type: "A",
      why: "under a DNAME",
      check: (r) =>
        assert.deepEqual(
          r.answers.map((x) => x.type).filter((x) => x !== "RRSIG"),
          ["DNAME", "CNAME", "A"],
        ),
    },
    { name: o("nope.dn"), type: "A", why: "under a DNAME, target missing", check: nxdomain },
    { name: o("www.outdn"), type: "A", why: "under a DNAME out of the zone" },
    { name: o("c1"), type: "A", why: "CNAME chain" },
    { name: o("c1"), type: "TXT", why: "CNAME chain ending in NODATA" },
    { name: o("escname"), type: "A", why: "CNAME to an escaped name" },
    { name: o("child"), type: "A", why: "referral at the cut", check: referral },
    { name: o("www.child"), type: "A", why: "referral", check: referral },
    { name: o("ns.child"), type: "AAAA", why: "referral for glue", check: referral },
    { name: o("nope"), type: "A", why: "NXDOMAIN", check: nxdomain },
    { name: o("nope.a"), type: "TXT", why: "NXDOMAIN below a name", check: nxdomain },
    { name: o("a"), type: "MX", why: "NODATA", check: nodata },
    { name: o("unk"), type: "TYPE65283", why: "NODATA, unknown type", check: nodata },
    {
      name: o("A"),
      type: "a",
      why: "query in upper case",
      foldCase: true,
      check: (r) =>
        assert.equal(r.answers[0]?.name, "A.diff.test", "owner case does not follow the query"),
    },
    {
      name: o("xn--bcher-kva"),
      input: "bücher.diff.test",
      type: "A",
      why: "IDN typed as a U-label",
      check: (r) => assert.equal(r.name, "xn--bcher-kva.diff.test"),
    },
    {
      name: o("big"),
      type: "TXT",
      why: "RRset too big for UDP",
      check: (r, k) => {
        assert.equal(r.protocol, "tcp", "the truncated UDP answer was not retried over TCP");
        assert.equal(r.answers.filter((x) => x.type === "TXT").length, 40);
        assert.equal(k.TC, 0);
      },
    },
    // The NSEC3-signed zone: NSEC3 records show up in the denials' authority sections.
    ...["SOA", "NS", "DNSKEY", "NSEC3PARAM", "CDS", "CDNSKEY", "RRSIG"].map((type) => ({
      name: N3,
      type,
      why: "NSEC3 zone apex",
    })),
    { name: `a.${N3}`, type: "A", why: "NSEC3 zone data" },
    { name: `a.${N3}`, type: "MX", why: "NSEC3 NODATA", check: nodata },
    { name: `nope.${N3}`, type: "A", why: "NSEC3 NXDOMAIN", check: nxdomain },
    { name: `x.w.${N3}`, type: "TXT", why: "NSEC3 wildcard" },
    { name: `x.w.${N3}`, type: "A", why: "NSEC3 wildcard NODATA", check: nodata },
    {
      name: `www.sub.${N3}`,
      type: "A",
      why: "NSEC3 referral, insecure delegation",
      check: referral,
    },
    { name: ORIGIN, type: "DS", why: "DS at the apex, whose parent is not served" },
    {
      name: "example.com.",
      type: "A",
      why: "a zone the server does not have",
      check: (r) => assert.equal(r.status, "REFUSED"),
    },
  );
  // NSEC3 records asked by their own (hashed) owner names, taken from a denial.
  const denial = await kdig(`nope.${N3}`, "A");
  for (const rr of denial.authorityRRs ?? [])
    if (rr.TYPEname === "NSEC3") asks.push({ name: rr.NAME, type: "NSEC3", why: "NSEC3 owner" });

  // The zone must hold every type the brief lists, or the walk would silently skip one.
  const wanted =
    "A AAAA NS CNAME SOA PTR MX TXT SPF HINFO SRV NAPTR URI CAA TLSA SMIMEA SSHFP CERT OPENPGPKEY DHCID IPSECKEY LOC RP AFSDB KX DNAME APL DS CDS CDNSKEY DNSKEY RRSIG NSEC SVCB HTTPS CSYNC ZONEMD EUI48 EUI64 L32 L64 LP NID TYPE65280".split(
      " ",
    );
  assert.deepEqual(
    wanted.filter((x) => !covered.has(x)),
    [],
    "types missing from the zone",
  );

  const client = new StubClient({
    servers: [endpointOf("127.0.0.1", server.port)],
    dnssec: true,
  });
  const ours = await pool(asks, 8, async (a) => {
    const { qname } = toQueryName(a.input ?? a.name);
    return toDnsResult(qname, a.type, await client.query(qname, a.type));
  });
  const theirs = await pool(asks, 8, (a) => kdig(a.name, a.type));

  const mismatches = asks.flatMap((a, i) => compare(a, ours[i]!, theirs[i]!));
  const seen = new Set(
    theirs.flatMap((k) =>
      [...kdigRecords(k.answerRRs), ...kdigRecords(k.authorityRRs)].map((r) => r.TYPEname),
    ),
  );
  for (const type of ["NSEC3", "NSEC3PARAM", ...wanted])
    assert.ok(seen.has(type), `no ${type} record was compared`);
  const records = ours.reduce(
    (n, r) => n + r.answers.length + r.authorities.length + r.additionals.length,
    0,
  );
  console.log(
    `differential: ${asks.length} (name, type) pairs compared with kdig, ${records} records, ` +
      `${seen.size} record types, ${mismatches.length ? "MISMATCHES" : "no mismatches"}`,
  );
  assert.equal(mismatches.length, 0, `dnsight and kdig disagree:\n${mismatches.join("\n")}`);

  // The real CLI prints the same objects (a few names; one process per name, several -t each).
  const cli: Array<{ input: string; types: string[] }> = [
    { input: ORIGIN, types: ["SOA", "DNSKEY", "NSEC", "CAA"] },
    { input: o("https"), types: ["HTTPS", "RRSIG"] },
    { input: o("big"), types: ["TXT"] },
    { input: o("www.child"), types: ["A"] },
    { input: o("\\000\\255bin"), types: ["A"] },
    { input: "bücher.diff.test", types: ["A"] },
    { input: o("unk"), types: ["TYPE65280", "TYPE65281"] },
    { input: o("nope"), types: ["A"] },
  ];
  const byKey = new Map(asks.map((a, i) => [`${a.input ?? a.name}|${a.type}`, ours[i]!] as const));
  const cliLines = await pool(cli, 4, async (c) => {
    const args = ["--import", "tsx", "src/cli/main.ts", "lookup", c.input];
    for (const type of c.types) args.push("-t", type);
    args.push("--server", `127.0.0.1:${server.port}`, "--json", "--dnssec", "--no-store");
    const { stdout } = await run(process.execPath, args, {
      cwd: join(import.meta.dirname, "../.."),
      timeout: 30_000,
    });
    return stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as DnsResult);
  });
  const stable = (r: DnsResult): Partial<DnsResult> => ({ ...r, timestamp: "", durationMs: 0 });
  cli.forEach((c, i) => {
    assert.equal(cliLines[i]!.length, c.types.length, `CLI lines for ${c.input}`);
    c.types.forEach((type, j) => {
      const got = cliLines[i]![j]!;
      const want = byKey.get(`${c.input}|${type}`);
      assert.ok(want, `no in-process result for ${c.input} ${type}`);
      assert.deepEqual(stable(got), stable(want), `CLI vs in-process for ${c.input} ${type}`);
      assert.ok(!Number.isNaN(Date.parse(got.timestamp)));
    });
  });
  const cliAsks = cli.flatMap((c) => c.types.map((type) => ({ name: c.input, type, why: "CLI" })));
  const cliKdig = await pool(cliAsks, 8, (a) =>
    kdig(a.name === "bücher.diff.test" ? "xn--bcher-kva.diff.test." : a.name, a.type),
  );
  const cliMismatches = cliAsks.flatMap((a, i) => compare(a, cliLines.flat()[i]!, cliKdig[i]!));
  assert.equal(
    cliMismatches.length,
    0,
    `dnsight CLI and kdig disagree:\n${cliMismatches.join("\n")}`,
  );
  console.log(
    `differential: the CLI printed the same ${cliAsks.length} results as the library and kdig`,
  );
});
