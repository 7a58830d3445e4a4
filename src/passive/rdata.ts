import { DnsightError } from "../errors.js";
import { WireReader } from "../dns/wire/reader.js";
import { decodeRdata, encodeRdata } from "../dns/wire/rdata/index.js";
import { typeFromString } from "../dns/wire/types.js";
import { WireWriter } from "../dns/wire/writer.js";

// Record data that arrives as text (Zeek, passivedns, COF) is brought to the one
// presentation form the wire decoder prints, by encoding and decoding it: then
// "cpa.circl.lu" from CIRCL and "cpa.circl.lu." from a pcap are the same rdata,
// and the same RRset seen by two sensors merges.

// A dotted quad without leading zeros is already what the decoder prints.
const CANONICAL_V4 =
  /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

// Sensors repeat the same data endlessly; a bounded memo skips the round trip.
const MEMO_MAX = 65_536;
const memo = new Map<string, string>();

/** The canonical presentation of `text` as rdata of `rrtype`; DnsightError("INPUT") when it does not parse. */
export function canonicalRdata(rrtype: string | number, text: string): string {
  const code = typeof rrtype === "number" ? rrtype : typeFromString(rrtype);
  if (code === undefined) throw new DnsightError("INPUT", `unknown rrtype ${String(rrtype)}`);
  if (code === 1 && CANONICAL_V4.test(text)) return text;
  const key = `${code} ${text}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const out = roundTrip(code, rrtype, text);
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(key, out);
  return out;
}

function roundTrip(code: number, rrtype: string | number, text: string): string {
  const w = new WireWriter(64);
  try {
    encodeRdata(code, text, w);
  } catch (e) {
    throw new DnsightError(
      "INPUT",
      `bad ${String(rrtype)} rdata "${text}": ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const bytes = w.finish();
  return decodeRdata(code, new WireReader(bytes), bytes.length);
}
