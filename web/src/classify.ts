// What the one search box was given, so that it opens the right page: an IP goes to
// the IP page, a name to the domain page, an AS number to its registration, and
// patterns (*.name, name.*, a CIDR) to the passive-DNS search. Pure: tested in node.

export type SearchTarget =
  | { kind: "ip"; ip: string }
  | { kind: "domain"; name: string }
  | { kind: "asn"; asn: number }
  | { kind: "pdns"; query: string }
  | { kind: "empty" };

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
// Hex groups and colons only, one "::" at most: checked by the browser's URL parser below.
const IPV6_CHARS = /^[0-9a-f:.]+$/i;
const ASN = /^as ?(\d{1,10})$/i;
const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/i;

function isIpv6(s: string): boolean {
  if (!s.includes(":") || !IPV6_CHARS.test(s) || s.length > 45) return false;
  try {
    return new URL(`http://[${s}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

/**
 * A host name as DNS would take it, in its ASCII form (an IDN as typed becomes its
 * xn-- labels), or undefined: labels of letters, digits, '-' and '_'.
 */
function asciiName(s: string): string | undefined {
  if (s.length > 253 || /[/?#@\\:\s]/.test(s)) return undefined;
  let ascii: string;
  try {
    // The URL parser applies IDNA (UTS #46), as a browser does for a typed host.
    ascii = new URL(`http://${s}/`).hostname;
  } catch {
    return undefined;
  }
  return ascii.length <= 253 && ascii.split(".").every((l) => LABEL.test(l)) ? ascii : undefined;
}

export function classify(input: string): SearchTarget {
  const s = input.trim().replace(/\.$/, "");
  if (s === "") return { kind: "empty" };
  if (IPV4.test(s)) return { kind: "ip", ip: s };
  if (isIpv6(s)) return { kind: "ip", ip: s.toLowerCase() };
  const asn = ASN.exec(s);
  if (asn && Number(asn[1]) <= 4_294_967_295) return { kind: "asn", asn: Number(asn[1]) };
  const name = s.includes("*") ? undefined : asciiName(s);
  if (name !== undefined) return { kind: "domain", name };
  return { kind: "pdns", query: s };
}
