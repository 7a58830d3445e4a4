import { domainToASCII } from "node:url";
import { DnsightError } from "../errors.js";
import { ipFamily, ipv4ToBytes, ipv6ToBytes } from "../net/ip.js";
import { absolute, textToLabels } from "./wire/name.js";
import { hasControl, printable } from "../util/printable.js";

// What a user types becomes a query name: IP addresses turn into their reverse
// (PTR) names, IDNs into A-labels (UTS #46 non-transitional, the WHATWG URL
// mapping Node implements), and every name is made absolute.

export interface QueryName {
  /** Absolute presentation name to put on the wire. */
  qname: string;
  /** Set when the input was an IP address: its PTR name is asked. */
  reverseOf?: string;
}

const LOOKS_LIKE_IP = /^[0-9a-fA-F:.]+$/;
/** Letter-digit-hyphen (and _ *) labels of 1-63 bytes, 253 bytes at most: valid as typed. */
const PLAIN_NAME = /^(?=.{1,253}\.?$)[A-Za-z0-9_*-]{1,63}(?:\.[A-Za-z0-9_*-]{1,63})*\.?$/;

export function reverseName(ip: string): string | undefined {
  const fam = ipFamily(ip);
  if (fam === 4) return [...ipv4ToBytes(ip)!].reverse().join(".") + ".in-addr.arpa.";
  if (fam === 6) {
    const nibbles: string[] = [];
    for (const b of ipv6ToBytes(ip)!) nibbles.push((b >> 4).toString(16), (b & 0xf).toString(16));
    return nibbles.reverse().join(".") + ".ip6.arpa.";
  }
  return undefined;
}

export function toQueryName(input: string): QueryName {
  const text = input.trim();
  if (text === "") throw new DnsightError("INPUT", "empty name");
  // Raw control bytes in typed text are junk (a binary file, a paste gone wrong); a
  // name that really holds such a byte is written with its escape, "\\001".
  if (hasControl(text))
    throw new DnsightError(
      "INPUT",
      `"${printable(text.slice(0, 80))}${text.length > 80 ? "…" : ""}" holds control characters (write \\DDD escapes for bytes meant as data)`,
    );
  // Only text made of hex digits, dots and colons can be an address (cheaper
  // than asking isIP for every name of a bulk run).
  const rev = LOOKS_LIKE_IP.test(text) ? reverseName(text) : undefined;
  if (rev !== undefined) return { qname: rev, reverseOf: text };
  if (PLAIN_NAME.test(text)) return { qname: absolute(text) };
  let ascii = text;
  if (/[^\x00-\x7f]/.test(text)) {
    if (text.includes("\\"))
      throw new DnsightError("INPUT", `"${text}" mixes escapes with non-ASCII characters`);
    const dotted = text.endsWith(".") ? text.slice(0, -1) : text;
    ascii = domainToASCII(dotted);
    if (ascii === "")
      throw new DnsightError("INPUT", `"${text}" is not a valid internationalised domain name`);
  }
  const qname = absolute(ascii);
  textToLabels(qname); // validates lengths and escapes, naming the input on failure
  return { qname };
}
