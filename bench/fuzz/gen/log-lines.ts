import fc from "fast-check";
import type { ResourceRecord } from "../../../src/dns/wire/message.js";
import { decodeMessage } from "../../../src/dns/wire/message.js";
import { chance, int, pick, type Rng } from "../rng.js";
import { resourceRecord } from "./dns-arbitraries.js";
import { fixtureMessages } from "./dns.js";

// Log lines for the line-oriented sources, built from records: a COF object, Zeek's
// dns.log (TSV with its header, or JSON) with answers flattened the way Zeek does, and a
// passivedns sensor line (||-separated or JSON).

export interface Rec {
  name: string;
  type: string;
  data: string;
}

export async function records(seed: number): Promise<Rec[]> {
  const out: Rec[] = [];
  for (const b of await fixtureMessages()) {
    try {
      const m = decodeMessage(b);
      for (const rr of [...m.answers, ...m.authorities]) out.push(rr);
    } catch {
      // cut short by the capture
    }
  }
  for (const rr of fc.sample(resourceRecord(), { seed, numRuns: 600 }) as ResourceRecord[])
    out.push(rr);
  return out.map((rr) => ({
    name: rr.name.replace(/\.$/, "") || ".",
    type: rr.type,
    data: rr.data,
  }));
}

export const ts = (r: Rng): number =>
  1_600_000_000 + int(r, 0, 100_000_000) + (chance(r, 0.5) ? int(r, 0, 999_999) / 1e6 : 0);

export function cofLine(x: Rec, r: Rng): string {
  const first = ts(r);
  const o: Record<string, unknown> = {
    rrname: x.name,
    rrtype: chance(r, 0.1) ? int(r, 0, 65535) : x.type,
    rdata: chance(r, 0.5) ? [x.data] : x.data,
    time_first: chance(r, 0.1) ? String(first) : first,
    time_last: first + int(r, 0, 1000),
    count: int(r, 0, 5000),
  };
  if (chance(r, 0.3)) o.bailiwick = "example.com";
  if (chance(r, 0.2)) o.sensor_id = "s1";
  if (chance(r, 0.2)) o.origin = pick(r, ["passive", "active", "zone", "x"]);
  if (chance(r, 0.1)) {
    o.zone_time_first = o.time_first;
    delete o.time_first;
  }
  return JSON.stringify(o);
}

const ZEEK_FIELDS = [
  "ts",
  "uid",
  "id.orig_h",
  "id.orig_p",
  "id.resp_h",
  "id.resp_p",
  "proto",
  "trans_id",
  "query",
  "qtype_name",
  "rcode_name",
  "AA",
  "answers",
  "TTLs",
  "rejected",
];

/** Zeek's flattened answers for a record, a CNAME chain now and then. */
function zeekAnswers(x: Rec, r: Rng, all: readonly Rec[]): { qtype: string; answers: string[] } {
  if (x.type === "TXT")
    return { qtype: "TXT", answers: [`TXT ${x.data.length} ${x.data.replace(/"/g, "")}`] };
  const answers = [x.data.replace(/\.$/, "")];
  if (chance(r, 0.3)) for (let n = int(r, 1, 4); n > 0; n--) answers.unshift(pick(r, all).name);
  if (chance(r, 0.2)) answers.push(`${int(r, 1, 223)}.0.2.${int(r, 0, 255)}`, "2001:db8::1");
  return { qtype: x.type, answers };
}

export function zeekTsv(xs: Rec[], r: Rng, all: readonly Rec[]): string {
  const fields = chance(r, 0.8) ? ZEEK_FIELDS : [...ZEEK_FIELDS].sort(() => r() - 0.5);
  const sep = chance(r, 0.9) ? "\t" : pick(r, [",", "|", " "]);
  const head = [
    `#separator ${sep === "\t" ? "\\x09" : `\\x${sep.charCodeAt(0).toString(16)}`}`,
    `#set_separator${sep}${pick(r, [",", ";"])}`,
    `#empty_field${sep}(empty)`,
    `#unset_field${sep}-`,
    `#path${sep}dns`,
    `#fields${sep}${fields.join(sep)}`,
  ];
  const setSep = head[1]!.slice(-1);
  const lines = xs.map((x) => {
    const z = zeekAnswers(x, r, all);
    const v: Record<string, string> = {
      ts: String(ts(r)),
      uid: "C1",
      "id.orig_h": "10.0.0.2",
      "id.orig_p": "51000",
      "id.resp_h": pick(r, ["10.0.0.1", "2001:db8::53", "-"]),
      "id.resp_p": "53",
      proto: "udp",
      trans_id: String(int(r, 0, 65535)),
      query: x.name,
      qtype_name: z.qtype,
      rcode_name: pick(r, ["NOERROR", "NXDOMAIN", "-"]),
      AA: pick(r, ["T", "F"]),
      answers: chance(r, 0.05) ? "-" : z.answers.join(setSep),
      TTLs: z.answers.map(() => String(int(r, 0, 86400))).join(setSep),
      rejected: chance(r, 0.05) ? "T" : "F",
    };
    return fields.map((f) => v[f]).join(sep);
  });
  return [...head, ...lines].join("\n") + "\n";
}

export function zeekJson(x: Rec, r: Rng, all: readonly Rec[]): string {
  const z = zeekAnswers(x, r, all);
  return JSON.stringify({
    ts: chance(r, 0.1) ? String(ts(r)) : ts(r),
    uid: "C1",
    "id.resp_h": pick(r, ["10.0.0.1", "2001:db8::53", 7]),
    query: x.name,
    qtype_name: z.qtype,
    rcode_name: "NOERROR",
    answers: chance(r, 0.05) ? null : z.answers,
    TTLs: z.answers.map(() => int(r, 0, 86400)),
    rejected: chance(r, 0.05),
  });
}

export function passiveDnsLine(x: Rec, r: Rng): string {
  const answer = x.type === "TXT" ? x.data.replace(/^"|"$/g, "") : x.data;
  if (chance(r, 0.2))
    return JSON.stringify({
      timestamp: String(ts(r)),
      client: "10.1.1.1",
      server: "8.8.8.8",
      class: pick(r, ["IN", "CH"]),
      query: x.name + ".",
      type: x.type,
      answer,
      ttl: 300,
      count: int(r, 0, 50),
    });
  return [
    ts(r),
    "10.1.1.1",
    "8.8.8.8",
    pick(r, ["IN", "IN", "CH"]),
    `${x.name}.`,
    x.type,
    chance(r, 0.05) ? "NXDOMAIN" : answer,
    int(r, 0, 86400),
    int(r, 1, 50),
  ].join("||");
}
