// The real dnsdbq (Debian's, 2.6.4) as the tests run it, held to loopback, and what it
// should print: DNSDB's grouping of stored rows, computed here apart from src/api.
//
// Nothing may leave the machine: dnsdbq gets a HOME of its own (so no ~/.dnsdb-query.conf
// is read), a config file of ours (DNSDBQ_CONFIG_FILE, read instead of /etc's) naming only
// loopback servers, DNSDB_SERVER on loopback, and a proxy on a closed loopback port for
// anything else, so a URL that somehow named another host fails here instead of going out.
import { execFile, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Observation } from "../../src/model/observation.js";
import type { PdnsRequest } from "../../src/passive/search.js";
import type { TimeFence } from "../../src/passive/time-fence.js";
import { T } from "../unit/api/_server.js";

export const HAS_DNSDBQ = spawnSync("dnsdbq", ["-v"]).error === undefined;
const HOST = "127.0.0.1";

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

export function dnsdbq(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile("dnsdbq", args, { env, timeout: 30_000 }, (err, stdout, stderr) => {
      const status = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ status, stdout, stderr });
    });
  });
}

/** The environment dnsdbq runs in; `key` undefined leaves DNSDB_API_KEY unset. */
export function dnsdbqEnv(
  home: string,
  server: string,
  key: string | undefined,
  circlAuth?: string,
) {
  const conf = join(home, "dnsdbq.conf");
  const lines = [`DNSDB_SERVER="${server}"`, `CIRCL_SERVER="${server}/pdns/query"`];
  if (circlAuth !== undefined) lines.push(`CIRCL_AUTH="${circlAuth}"`);
  writeFileSync(conf, lines.join("\n") + "\n");
  const dead = "http://127.0.0.1:9";
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    DNSDBQ_CONFIG_FILE: conf,
    DNSDB_SERVER: server,
    http_proxy: dead,
    https_proxy: dead,
    ALL_PROXY: dead,
    all_proxy: dead,
    no_proxy: `${HOST},localhost`,
    NO_PROXY: `${HOST},localhost`,
  };
  if (key !== undefined) env.DNSDB_API_KEY = key;
  return env;
}

export type Rec = [rrname: string, rrtype: string, rdata: string[], count: number];

/** DNSDB's grouping of stored rows, computed here independently of src/api. */
export function expected(rows: readonly Observation[], on: "rrset" | "rdata"): string[] {
  const groups = new Map<string, { rrname: string; rrtype: string; rdata: Map<string, number> }>();
  for (const o of rows) {
    const k = [o.rrname, o.rrtype, on === "rrset" ? (o.bailiwick ?? "") : o.rdata].join("|");
    const g = groups.get(k) ?? { rrname: o.rrname, rrtype: o.rrtype, rdata: new Map() };
    g.rdata.set(o.rdata, (g.rdata.get(o.rdata) ?? 0) + o.count);
    groups.set(k, g);
  }
  return [...groups.values()]
    .map((g): Rec => [
      `${g.rrname}.`,
      g.rrtype,
      [...g.rdata.keys()].sort(),
      Math.max(...g.rdata.values()),
    ])
    .map((r) => JSON.stringify(r))
    .sort();
}

export function printed(stdout: string): string[] {
  return stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => {
      const r = JSON.parse(l) as {
        rrname: string;
        rrtype: string;
        rdata: string | string[];
        count: number;
      };
      const rdata = Array.isArray(r.rdata) ? [...r.rdata].sort() : [r.rdata];
      return JSON.stringify([r.rrname, r.rrtype, rdata, r.count] satisfies Rec);
    })
    .sort();
}

// -A and -B with epoch seconds: dnsdbq sends time_last_after / time_first_before, or
// with -c time_first_after / time_last_before.
export const FENCES: Array<[string[], TimeFence]> = [
  [[], {}],
  [["-A", String(T + 150)], { after: T + 150 }],
  [["-B", String(T + 20)], { before: T + 20 }],
  [["-A", String(T + 150), "-B", String(T + 20)], { after: T + 150, before: T + 20 }],
  [["-A", String(T + 5), "-c"], { after: T + 5, strict: true }],
  [["-B", String(T + 250), "-c"], { before: T + 250, strict: true }],
  [["-A", String(T), "-B", String(T + 250), "-c"], { after: T, before: T + 250, strict: true }],
];

export const QUERIES: Array<[string[], PdnsRequest, "rrset" | "rdata"]> = [
  [["-r", "www.example.com"], { query: "www.example.com" }, "rrset"],
  [["-r", "*.example.com"], { query: "*.example.com" }, "rrset"],
  [["-r", "www.example.*"], { query: "www.example.*" }, "rrset"],
  [["-r", "www.example.com/A"], { query: "www.example.com", rrtype: "A" }, "rrset"],
  [
    ["-r", "www.example.com/A/com"],
    { query: "www.example.com", rrtype: "A", bailiwick: "com" },
    "rrset",
  ],
  [["-n", "ns1.example.net"], { query: "ns1.example.net", rdata: true }, "rdata"],
  [
    ["-n", "edge.cdn.example.net/CNAME"],
    { query: "edge.cdn.example.net", rdata: true, rrtype: "CNAME" },
    "rdata",
  ],
  [["-i", "192.0.2.0/24"], { query: "192.0.2.0/24" }, "rdata"],
  [["-i", "192.0.2.1-192.0.2.2"], { query: "192.0.2.1-192.0.2.2" }, "rdata"],
  [["-i", "2001:db8::/32"], { query: "2001:db8::/32" }, "rdata"],
];
