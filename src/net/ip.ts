// IP address text <-> bytes, the one codec every folder uses (DNS RDATA, dnstap, pcap,
// endpoints). Reading accepts every legal spelling; IPv6 is printed in one of three
// forms that differ only in where a dotted quad appears (RFC 5952 §5):
//
//   ipv6ToRfc5952Text    dotted quad for IPv4-mapped ::ffff:a.b.c.d only: kdig, tshark,
//                        and so the RDATA we store (AAAA, APL, SVCB ipv6hint, IPSECKEY)
//   ipv6ToInetNtopText   also for the deprecated IPv4-compatible ::a.b.c.d (RFC 4291
//                        §2.5.5.1), as glibc's and BIND's inet_ntop: dig, dnstap endpoints
//   ipv6ToHexText        never: the WHATWG URL form, for RDAP ranges and CIDRs
//
// All three write lower case and shorten the first longest run of two or more zero
// groups to "::" (RFC 5952 §4.2).

/**
 * What node:net's isIPv4 says (dotted quad, no leading zeros), without its regex: one
 * pass, and no compile on first use (node:net's IPv6 pattern costs ~3 ms at start-up).
 */
export function isIPv4Text(s: string): boolean {
  const n = s.length;
  if (n < 7 || n > 15) return false;
  for (let i = 0, parts = 0; ; i++) {
    const start = i;
    let v = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      v = v * 10 + c - 48;
    }
    const len = i - start;
    if (len === 0 || len > 3 || v > 255 || (len > 1 && s.charCodeAt(start) === 48)) return false;
    if (++parts === 4) return i === n;
    if (i === n || s.charCodeAt(i) !== 46) return false;
  }
}

const isHex = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
/** A zone id's characters as node:net allows them: [0-9a-zA-Z.:-]. */
const isZoneChar = (c: number): boolean =>
  (c >= 48 && c <= 58) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 45 || c === 46;

/**
 * What node:net's isIPv6 says, zone ids ("%eth0") included, in one pass: eight groups
 * of 1-4 hex digits, the last two of which may be a dotted quad, or fewer around one
 * "::" that stands for at least one zero group.
 */
export function isIPv6Text(s: string): boolean {
  let end = s.length;
  const pct = s.indexOf("%");
  if (pct >= 0) {
    if (pct === end - 1) return false;
    for (let k = pct + 1; k < end; k++) if (!isZoneChar(s.charCodeAt(k))) return false;
    end = pct;
  }
  if (end < 2) return false;
  let groups = 0;
  let gap = false;
  let i = 0;
  if (s.charCodeAt(0) === 58) {
    if (s.charCodeAt(1) !== 58) return false;
    gap = true;
    i = 2;
  }
  while (i < end) {
    let j = i;
    while (j < end && j - i < 5 && isHex(s.charCodeAt(j))) j++;
    if (j < end && s.charCodeAt(j) === 46) {
      // A dotted quad is the address's last 32 bits.
      if (!isIPv4Text(s.slice(i, end))) return false;
      groups += 2;
      break;
    }
    if (j === i || j - i > 4) return false;
    groups++;
    if (j === end) break;
    if (s.charCodeAt(j) !== 58) return false;
    i = j + 1;
    if (i === end) return false; // one colon at the end
    if (s.charCodeAt(i) === 58) {
      if (gap) return false;
      gap = true;
      i++;
    }
  }
  return gap ? groups <= 7 : groups === 8;
}

/** 4, 6 or 0, as node:net's isIP, for the same text (linear, no regex). */
export function ipFamily(s: string): 0 | 4 | 6 {
  if (s.includes(":")) return isIPv6Text(s) ? 6 : 0;
  return isIPv4Text(s) ? 4 : 0;
}

export function ipv4ToBytes(text: string): Uint8Array | undefined {
  if (!isIPv4Text(text)) return undefined;
  return Uint8Array.from(text.split(".").map(Number));
}

export function ipv4ToText(b: Uint8Array, at = 0): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/** The 16 bytes of an IPv6 address; undefined for anything else, zone ids ("%eth0") too. */
export function ipv6ToBytes(text: string): Uint8Array | undefined {
  if (!isIPv6Text(text) || text.includes("%")) return undefined;
  let s = text;
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(":");
  const last = s.slice(lastColon + 1);
  if (last.includes(".")) {
    const v4 = ipv4ToBytes(last)!;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    s = s.slice(0, lastColon + 1);
    if (!s.endsWith("::")) s = s.slice(0, -1);
  }
  const words = (part: string): number[] =>
    part === "" ? [] : part.split(":").map((x) => parseInt(x, 16));
  const gap = s.indexOf("::");
  let all: number[];
  if (gap >= 0) {
    const left = words(s.slice(0, gap));
    const right = words(s.slice(gap + 2)).concat(tail);
    all = left.concat(new Array<number>(8 - left.length - right.length).fill(0), right);
  } else {
    all = words(s).concat(tail);
  }
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    out[i * 2] = (all[i]! >> 8) & 0xff;
    out[i * 2 + 1] = all[i]! & 0xff;
  }
  return out;
}

/** RFC 5952 text with a dotted quad for IPv4-mapped addresses only (kdig, tshark). */
export function ipv6ToRfc5952Text(b: Uint8Array, at = 0): string {
  return ipv6Format(b, at, "mapped");
}

/** inet_ntop's text: a dotted quad for IPv4-mapped and IPv4-compatible addresses (dig). */
export function ipv6ToInetNtopText(b: Uint8Array, at = 0): string {
  return ipv6Format(b, at, "inet_ntop");
}

/** RFC 5952 text in hex groups only, never a dotted quad (the WHATWG URL form). */
export function ipv6ToHexText(b: Uint8Array, at = 0): string {
  return ipv6Format(b, at, "never");
}

type DottedQuad = "mapped" | "inet_ntop" | "never";

function ipv6Format(b: Uint8Array, at: number, dotted: DottedQuad): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push((b[at + i * 2]! << 8) | b[at + i * 2 + 1]!);
  // The first longest run of zero groups; a single zero group is never shortened.
  let base = -1;
  let len = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > len) {
      base = i;
      len = j - i;
    }
    i = j;
  }
  if (dotted !== "never" && base === 0 && embedsIpv4(words, len, dotted)) {
    return `${len === 5 ? "::ffff:" : "::"}${ipv4ToText(b, at + 12)}`;
  }
  const hex = words.map((w) => w.toString(16));
  if (base < 0) return hex.join(":");
  return `${hex.slice(0, base).join(":")}::${hex.slice(base + len).join(":")}`;
}

/** For an address whose zero run starts at the first group and is `len` long. */
function embedsIpv4(words: readonly number[], len: number, dotted: DottedQuad): boolean {
  if (len === 5 && words[5] === 0xffff) return true; // ::ffff:a.b.c.d
  // inet_ntop (BIND's, which glibc took) also prints ::a.b.c.d when the first six groups
  // are zero and the seventh is not; its clause for seven zero groups never fires, so ::2
  // stays ::2 (and :: and ::1 are what they are).
  return dotted === "inet_ntop" && len === 6;
}
