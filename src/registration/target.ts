import { domainToASCII, domainToUnicode } from "node:url";
import { DnsightError } from "../errors.js";
import { clip } from "./limits.js";
import { ipFamily } from "../net/ip.js";

// What `dnsight registration X` is about: a domain, an IP address (its network) or
// an AS number. Domains are converted with UTS #46 non-transitional processing
// (ß stays ß: faß.de is xn--fa-hia.de, not fass.de), which Node's WHATWG URL
// implementation does; registries are asked with the A-label.

export type RegistrationTarget =
  | { kind: "domain"; name: string; unicode: string }
  | { kind: "ip"; address: string; family: 4 | 6 }
  | { kind: "asn"; number: number };

export function parseTarget(input: string): RegistrationTarget {
  const text = input.trim();
  const asn = /^(?:AS)?(\d+)$/i.exec(text);
  if (asn && (/^as/i.test(text) || !text.includes("."))) {
    const n = Number(asn[1]);
    if (n > 0xffffffff)
      throw new DnsightError("INPUT", `${clip(input)}: AS numbers stop at 4294967295`);
    return { kind: "asn", number: n };
  }
  const fam = ipFamily(text);
  if (fam !== 0) return { kind: "ip", address: text.toLowerCase(), family: fam as 4 | 6 };
  const bare = text.replace(/\.$/, "");
  if (bare === "" || /\s/.test(bare))
    throw new DnsightError("INPUT", `${clip(input)} is not a domain, IP address or AS number`);
  const name = domainToASCII(bare);
  // RFC 1035 §2.3.4: labels of 63 octets, names of 255 on the wire (253 written out).
  if (name === "" || name.length > 253 || name.split(".").some((l) => l === "" || l.length > 63)) {
    throw new DnsightError("INPUT", `${clip(input)} is not a valid domain name`);
  }
  return { kind: "domain", name, unicode: domainToUnicode(name) };
}

/** The store key of a target: the A-label, the address, or "as" and the number. */
export function targetKey(t: RegistrationTarget): string {
  return t.kind === "domain" ? t.name : t.kind === "ip" ? t.address : `as${t.number}`;
}
