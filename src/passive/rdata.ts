import { DnsightError } from "../errors.js";
import { WireReader } from "../dns/wire/reader.js";
import { decodeRdata, encodeRdata } from "../dns/wire/rdata/index.js";
import { typeFromString } from "../dns/wire/types.js";
import { WireWriter } from "../dns/wire/writer.js";

// Record data that arrives as text (Zeek, passivedns, COF) is brought to the one
// presentation form the wire decoder prints, by encoding and decoding it: then
// "cpa.circl.lu" from CIRCL and "cpa.circl.lu." from a pcap are the same rdata,
// and the same RRset seen by two sensors merges.

/** The canonical presentation of `text` as rdata of `rrtype`; DnsightError("INPUT") when it does not parse. */
export function canonicalRdata(rrtype: string | number, text: string): string {
  const code = typeof rrtype === "number" ? rrtype : typeFromString(rrtype);
  if (code === undefined) throw new DnsightError("INPUT", `unknown rrtype ${String(rrtype)}`);
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
