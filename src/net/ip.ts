import { isIPv4, isIPv6 } from "node:net";

// IP address text <-> bytes. IPv6 text follows inet_ntop (RFC 5952 with glibc's
// embedded-IPv4 forms), which is what dig and kdig print.

export function ipv4ToBytes(text: string): Uint8Array | undefined {
  if (!isIPv4(text)) return undefined;
  return Uint8Array.from(text.split(".").map(Number));
}

export function ipv4ToText(b: Uint8Array, at = 0): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

export function ipv6ToBytes(text: string): Uint8Array | undefined {
  if (!isIPv6(text) || text.includes("%")) return undefined;
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

export function ipv6ToText(b: Uint8Array, at = 0): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push((b[at + i * 2]! << 8) | b[at + i * 2 + 1]!);
  let bestBase = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestBase = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestBase = -1;
  // glibc prints ::a.b.c.d and ::ffff:a.b.c.d with a dotted quad.
  const embedded =
    bestBase === 0 &&
    (bestLen === 6 || (bestLen === 7 && words[7] !== 1) || (bestLen === 5 && words[5] === 0xffff));
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (i === bestBase) {
      out += "::";
      i += bestLen - 1;
      continue;
    }
    if (embedded && i === 6) {
      if (!out.endsWith(":")) out += ":";
      out += ipv4ToText(b, at + 12);
      break;
    }
    if (out !== "" && !out.endsWith(":")) out += ":";
    out += words[i]!.toString(16);
  }
  return out;
}
