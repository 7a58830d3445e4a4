import type { DnsResult } from "../dns/result.js";

// How `resolve` prints a result. Kept beside the engine because a worker thread
// formats its own results; only text crosses back to the main thread.

export type ResultFormat = "json" | "lines";

/**
 * Plain output: answer records in zone-file form, one per line (like massdns -o S),
 * and a comment line for a name with no answer, so nothing is silent.
 */
export function formatAnswerLines(r: DnsResult): string {
  if (r.answers.length === 0) return `;${r.name}.\t${r.type}\t${r.status}\n`;
  let out = "";
  for (const a of r.answers)
    out += `${a.name === "." ? "" : a.name}.\t${a.ttl}\t${a.class}\t${a.type}\t${a.data}\n`;
  return out;
}

export function formatResult(r: DnsResult, format: ResultFormat): string {
  return format === "json" ? resultJson(r) + "\n" : formatAnswerLines(r);
}

// JSON.stringify of a DnsResult, written out by hand: the bulk engine spends a
// measurable share of its time here, and the shape is fixed. The output is byte
// for byte what JSON.stringify gives (a unit test holds it to that).

const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function str(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

function records(rs: DnsResult["answers"]): string {
  let out = "[";
  for (let i = 0; i < rs.length; i++) {
    const a = rs[i]!;
    if (i > 0) out += ",";
    out += `{"name":${str(a.name)},"type":${str(a.type)},"class":${str(a.class)},"ttl":${a.ttl},"data":${str(a.data)}}`;
  }
  return out + "]";
}

export function resultJson(r: DnsResult): string {
  const f = r.flags;
  let out =
    `{"name":${str(r.name)},"type":${str(r.type)},"status":${str(r.status)},` +
    `"flags":{"aa":${f.aa},"tc":${f.tc},"rd":${f.rd},"ra":${f.ra},"ad":${f.ad},"cd":${f.cd}},` +
    `"answers":${records(r.answers)},"authorities":${records(r.authorities)},"additionals":${records(r.additionals)},` +
    `"resolver":${str(r.resolver)},"protocol":${str(r.protocol)},"timestamp":${str(r.timestamp)},"durationMs":${JSON.stringify(r.durationMs)}`;
  if (r.error !== undefined) out += `,"error":${str(r.error)}`;
  return out + "}";
}
