import { isDeepStrictEqual } from "node:util";
import {
  decodeMessage,
  encodeMessage,
  type DnsMessage,
  type ResourceRecord,
} from "../../../src/dns/wire/message.js";
import { decodeRdata, encodeRdata } from "../../../src/dns/wire/rdata/index.js";
import { WireReader } from "../../../src/dns/wire/reader.js";
import { typeToString } from "../../../src/dns/wire/types.js";
import { WireWriter } from "../../../src/dns/wire/writer.js";
import { canonicalRdata } from "../../../src/passive/rdata.js";
import { dnsightError, messageOf, OracleError, type FuzzTarget } from "../target.js";
import { svcbKdigQuirk } from "./kdig-quirks.js";

// DNS wire data (RFC 1035 §4.1): a whole message, one RDATA, and RDATA presentation text
// (what Zeek, passivedns and COF lines carry). Each decodes or fails with DnsightError
// "WIRE" (text: "INPUT"); whatever decodes must survive the trip back and forth unchanged,
// the oracle that finds a decoder printing what its own encoder cannot read.

const show = (s: string): string => JSON.stringify(s.length > 200 ? s.slice(0, 200) + "…" : s);

/** The text of an RDATA decoded, encoded and decoded again, or an OracleError. */
export function rdataRoundTrip(type: number, text: string): string {
  const name = typeToString(type);
  const w = new WireWriter(64);
  try {
    encodeRdata(type, text, w);
  } catch (e) {
    throw new OracleError(`${name} decoded but does not encode (${messageOf(e)})`, show(text));
  }
  const bytes = w.finish();
  try {
    return decodeRdata(type, new WireReader(bytes), bytes.length);
  } catch (e) {
    throw new OracleError(`${name} re-encoded does not decode (${messageOf(e)})`, show(text));
  }
}

const SECTIONS = ["answers", "authorities", "additionals"] as const;

const hasQuirk = (m: DnsMessage): boolean =>
  SECTIONS.some((s) => m[s].some((rr) => svcbKdigQuirk(rr.type, rr.data)));

/** A decoded message encodes, and that decodes to the same message. */
function roundTripMessage(m: DnsMessage): void {
  let again: Buffer;
  try {
    again = encodeMessage({ ...m, compress: true });
  } catch (e) {
    if (hasQuirk(m)) return;
    throw new OracleError(`a decoded message does not encode (${messageOf(e)})`);
  }
  let m2: DnsMessage;
  try {
    m2 = decodeMessage(again);
  } catch (e) {
    throw new OracleError(`a re-encoded message does not decode (${messageOf(e)})`);
  }
  if (isDeepStrictEqual(m, m2)) return;
  if (hasQuirk(m)) return;
  for (const s of SECTIONS) {
    const i = m[s].findIndex((rr, k) => !isDeepStrictEqual(rr, m2[s][k]));
    if (i < 0) continue;
    const [a, b] = [m[s][i]!, m2[s][i]] as [ResourceRecord, ResourceRecord | undefined];
    throw new OracleError(
      `a ${a.type} record changed in a message round trip`,
      `${JSON.stringify(a)} became ${JSON.stringify(b)}`,
    );
  }
  const field = (["id", "opcode", "flags", "rcode", "questions", "edns"] as const).find(
    (k) => !isDeepStrictEqual(m[k], m2[k]),
  );
  throw new OracleError(
    `the ${field} of a message changed in a round trip`,
    `${JSON.stringify(field && m[field])} became ${JSON.stringify(field && m2[field])}`,
  );
}

export const dnsWire: FuzzTarget = {
  name: "dns-wire",
  contract: 'decodeMessage: DnsightError "WIRE"; what decodes round-trips through encodeMessage',
  run(input) {
    roundTripMessage(decodeMessage(Buffer.from(input.buffer, input.byteOffset, input.byteLength)));
  },
  clean: dnsightError("WIRE"),
};

/** Input: a 16-bit type, then that type's RDATA. */
export const dnsRdata: FuzzTarget = {
  name: "dns-rdata",
  contract: 'decodeRdata: DnsightError "WIRE"; decoded text encodes back to the same text',
  run(input) {
    if (input.length < 2) return;
    const type = (input[0]! << 8) | input[1]!;
    const rdata = Buffer.from(input.buffer, input.byteOffset + 2, input.byteLength - 2);
    const text = decodeRdata(type, new WireReader(rdata), rdata.length);
    if (svcbKdigQuirk(typeToString(type), text)) return;
    const again = rdataRoundTrip(type, text);
    if (again !== text)
      throw new OracleError(
        `${typeToString(type)} text changed in a round trip`,
        `${show(text)} became ${show(again)}`,
      );
  },
  clean: dnsightError("WIRE"),
};

/** Input: a 16-bit type, then presentation text (UTF-8), as a sensor's log line holds it. */
export const rdataText: FuzzTarget = {
  name: "rdata-text",
  contract: 'canonicalRdata: DnsightError "INPUT"/"WIRE"; its output is already canonical',
  run(input) {
    if (input.length < 2) return;
    const type = (input[0]! << 8) | input[1]!;
    const text = Buffer.from(input.buffer, input.byteOffset + 2, input.byteLength - 2).toString();
    const out = canonicalRdata(type, text);
    let again: string;
    try {
      again = canonicalRdata(type, out);
    } catch (e) {
      throw new OracleError(
        `canonical ${typeToString(type)} text does not parse (${messageOf(e)})`,
        show(out),
      );
    }
    if (again !== out)
      throw new OracleError(
        `canonical ${typeToString(type)} text is not stable`,
        `${show(out)} became ${show(again)}`,
      );
    const w = new WireWriter(64);
    encodeRdata(type, out, w);
    if (w.pos > 0xffff)
      throw new OracleError(`canonical ${typeToString(type)} text makes RDATA over 65535 bytes`);
  },
  clean: dnsightError("INPUT", "WIRE"),
};
