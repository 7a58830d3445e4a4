// Makes the sample data in examples/ from scratch, so every byte of it is the
// project's own (no third-party capture to license): a Knot server on loopback
// port 53 serves documentation zones (RFC 2606 names, RFC 5737 / 3849 addresses),
// kdig asks it a few dozen questions over UDP and TCP while tcpdump records, and
// the Zeek dns.log is written from that capture as read by tshark.
//
//   sudo npx tsx scripts/make-examples.ts      (root: port 53 and tcpdump on lo)
import { execFile, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { startKnot } from "../test/helpers/knot.js";

const run = promisify(execFile);
const SERVER = "127.53.0.1";
const OUT = new URL("../examples/", import.meta.url).pathname;

const ZONES = [
  {
    origin: "example.com",
    text: `$TTL 3600
@     SOA ns1 hostmaster 2026120401 7200 3600 1209600 300
@     NS  ns1
@     NS  ns2.example.net.
@     A   192.0.2.10
@     AAAA 2001:db8::10
@     MX  10 mail
@     MX  20 mail.example.net.
@     TXT "v=spf1 mx -all"
ns1   A   192.0.2.53
www   CNAME web
web   300 A 192.0.2.80
web   300 A 192.0.2.81
web   300 AAAA 2001:db8::80
mail  A   192.0.2.25
api   60 A 198.51.100.7
shop  CNAME shop.example.org.
_sip._tcp SRV 10 60 5060 sip
sip   A   192.0.2.60
`,
  },
  {
    origin: "example.net",
    text: `$TTL 3600
@     SOA ns2 hostmaster 2026120401 7200 3600 1209600 300
@     NS  ns2
ns2   A   198.51.100.53
mail  A   198.51.100.25
cdn   300 A 203.0.113.5
cdn   300 A 203.0.113.6
`,
  },
  {
    origin: "example.org",
    text: `$TTL 3600
@     SOA ns1.example.com. hostmaster.example.com. 2026120401 7200 3600 1209600 300
@     NS  ns1.example.com.
shop  CNAME cdn.example.net.
login 120 A 203.0.113.99
`,
  },
];

const QUESTIONS: [string, string, boolean][] = [
  ["example.com", "A", false],
  ["example.com", "AAAA", false],
  ["example.com", "MX", false],
  ["example.com", "TXT", false],
  ["example.com", "NS", false],
  ["example.com", "SOA", true],
  ["www.example.com", "A", false],
  ["www.example.com", "AAAA", false],
  ["api.example.com", "A", false],
  ["mail.example.com", "A", false],
  ["_sip._tcp.example.com", "SRV", false],
  ["shop.example.com", "A", false],
  ["nope.example.com", "A", false],
  ["cdn.example.net", "A", true],
  ["mail.example.net", "A", false],
  ["example.net", "NS", false],
  ["login.example.org", "A", false],
  ["shop.example.org", "A", false],
  ["www.example.com", "A", false],
  ["api.example.com", "A", false],
];

async function main(): Promise<void> {
  const knot = await startKnot({ zones: ZONES, address: SERVER, port: 53 });
  const pcap = `${OUT}dns-sample.pcap`;
  const dump = spawn("tcpdump", ["-i", "lo", "-U", "-w", pcap, `host ${SERVER} and port 53`], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  try {
    await sleep(1500);
    for (const [name, type, tcp] of QUESTIONS) {
      await run("kdig", [`@${SERVER}`, "-p", "53", ...(tcp ? ["+tcp"] : []), name, type]);
      await sleep(20);
    }
    await sleep(1000);
  } finally {
    dump.kill("SIGINT");
    await new Promise((r) => dump.on("exit", r));
    await knot.stop();
  }
  writeFileSync(`${OUT}dns.log`, await zeekLog(pcap));
  // The zones themselves, for anyone who wants to serve them (knotd, nsd, bind).
  mkdirSync(`${OUT}zones`, { recursive: true });
  for (const z of ZONES)
    writeFileSync(`${OUT}zones/${z.origin}.zone`, `$ORIGIN ${z.origin}.\n${z.text}`);
  console.log(`wrote ${pcap}, ${OUT}dns.log and ${OUT}zones/`);
}

const FIELDS = [
  "frame.time_epoch",
  "ip.src",
  "udp.srcport",
  "tcp.srcport",
  "ip.dst",
  "udp.dstport",
  "tcp.dstport",
  "dns.id",
  "dns.flags.response",
  "dns.qry.name",
  "dns.qry.type",
  "dns.flags.rcode",
  "dns.flags.authoritative",
  "dns.flags.truncated",
  "dns.flags.recdesired",
  "dns.flags.recavail",
  "dns.count.answers",
  "dns.resp.type",
  "dns.resp.ttl",
  "dns.a",
  "dns.aaaa",
  "dns.cname",
  "dns.mx.mail_exchange",
  "dns.ns",
  "dns.txt",
  "dns.srv.target",
  "dns.soa.mname",
];

const TYPE_NAMES: Record<string, string> = {
  "1": "A",
  "2": "NS",
  "5": "CNAME",
  "6": "SOA",
  "15": "MX",
  "16": "TXT",
  "28": "AAAA",
  "33": "SRV",
};
const RCODES: Record<string, string> = {
  "0": "NOERROR",
  "2": "SERVFAIL",
  "3": "NXDOMAIN",
  "5": "REFUSED",
};

/** Zeek's dns.log (TSV, Zeek 6 columns), one line per answered query, from tshark's reading. */
async function zeekLog(pcap: string): Promise<string> {
  const { stdout } = await run("tshark", [
    "-r",
    pcap,
    "-n",
    "-Y",
    "dns",
    "-T",
    "fields",
    "-E",
    "occurrence=a",
    "-E",
    "aggregator=|",
    ...FIELDS.flatMap((f) => ["-e", f]),
  ]);
  const rows = stdout
    .trim()
    .split("\n")
    .map((l) => {
      const v = l.split("\t");
      return Object.fromEntries(FIELDS.map((f, i) => [f, v[i] ?? ""]));
    });
  const queries = new Map<string, Record<string, string>>();
  const lines: string[] = [];
  let uid = 0;
  for (const r of rows) {
    const proto = r["udp.srcport"] ? "udp" : "tcp";
    const sport = r["udp.srcport"] || r["tcp.srcport"];
    const dport = r["udp.dstport"] || r["tcp.dstport"];
    if (r["dns.flags.response"] !== "True" && r["dns.flags.response"] !== "1") {
      queries.set(`${proto} ${sport} ${r["dns.id"]}`, r);
      continue;
    }
    const q = queries.get(`${proto} ${dport} ${r["dns.id"]}`);
    if (!q) continue;
    const answers = answerValues(r);
    const ttls = r["dns.resp.ttl"]
      ? r["dns.resp.ttl"]
          .split("|")
          .slice(0, answers.length)
          .map((t) => `${t}.000000`)
      : [];
    const bool = (x: string): string => (x === "True" || x === "1" ? "T" : "F");
    const qtype = r["dns.qry.type"];
    lines.push(
      [
        Number(q["frame.time_epoch"]).toFixed(6),
        `C${(++uid).toString(36).padStart(17, "x")}`,
        q["ip.src"],
        dport,
        q["ip.dst"],
        sport,
        proto,
        String(Number(r["dns.id"])),
        (Number(r["frame.time_epoch"]) - Number(q["frame.time_epoch"])).toFixed(6),
        r["dns.qry.name"],
        "1",
        "C_INTERNET",
        qtype,
        TYPE_NAMES[qtype!] ?? `TYPE${qtype}`,
        r["dns.flags.rcode"],
        RCODES[r["dns.flags.rcode"]!] ?? "-",
        bool(r["dns.flags.authoritative"]!),
        bool(r["dns.flags.truncated"]!),
        bool(r["dns.flags.recdesired"]!),
        bool(r["dns.flags.recavail"]!),
        "0",
        answers.length ? answers.join(",") : "-",
        ttls.length ? ttls.join(",") : "-",
        "F",
      ].join("\t"),
    );
  }
  const open = new Date(Number(rows[0]!["frame.time_epoch"]) * 1000);
  const stamp = (d: Date): string =>
    d.toISOString().replace("T", "-").replace(/:/g, "-").slice(0, 19);
  return [
    "#separator \\x09",
    "#set_separator\t,",
    "#empty_field\t(empty)",
    "#unset_field\t-",
    "#path\tdns",
    `#open\t${stamp(open)}`,
    "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\trtt\tquery\tqclass\tqclass_name\tqtype\tqtype_name\trcode\trcode_name\tAA\tTC\tRD\tRA\tZ\tanswers\tTTLs\trejected",
    "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tcount\tinterval\tstring\tcount\tstring\tcount\tstring\tcount\tstring\tbool\tbool\tbool\tbool\tcount\tvector[string]\tvector[interval]\tbool",
    ...lines,
    `#close\t${stamp(new Date(open.getTime() + 60_000))}`,
    "",
  ].join("\n");
}

/** The answer section in Zeek's flattened form, in wire order (tshark groups by field, so rebuild by type order). */
function answerValues(r: Record<string, string>): string[] {
  const types = r["dns.resp.type"] ? r["dns.resp.type"].split("|") : [];
  const pools: Record<string, string[]> = {
    "1": split(r["dns.a"]),
    "28": split(r["dns.aaaa"]),
    "5": split(r["dns.cname"]),
    "15": split(r["dns.mx.mail_exchange"]),
    "2": split(r["dns.ns"]),
    "16": split(r["dns.txt"]).map((t) => `TXT ${Buffer.byteLength(t)} ${t}`),
    "33": split(r["dns.srv.target"]),
    "6": split(r["dns.soa.mname"]),
  };
  // Only the answer section: resp.type also lists authority and additional records,
  // which come after the answers in each field's list too.
  const out: string[] = [];
  for (const t of types.slice(0, Number(r["dns.count.answers"] || 0))) {
    const v = pools[t]?.shift();
    if (v !== undefined) out.push(v);
  }
  return out;
}

const split = (s: string | undefined): string[] => (s ? s.split("|") : []);

await main();
