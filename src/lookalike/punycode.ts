// Domain labels to ASCII the way IDNA 2003 (RFC 3490, Python's "idna" codec, which
// dnstwist uses) does it: an ASCII label stays as it is; any other is NFKC-normalised
// and case-folded (nameprep, near enough for these candidates), then Punycode
// (RFC 3492) behind "xn--". A label over 63 octets fails.

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;

function adapt(delta: number, points: number, first: boolean): number {
  delta = first ? Math.floor(delta / DAMP) : delta >> 1;
  delta += Math.floor(delta / points);
  let k = 0;
  while (delta > ((BASE - T_MIN) * T_MAX) >> 1) {
    delta = Math.floor(delta / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * delta) / (delta + SKEW));
}

/** The code unit of Punycode digit `d`: a-z for 0-25, 0-9 for 26-35. */
const digit = (d: number): number => d + (d < 26 ? 97 : 22);

/** RFC 3492 encoding of one label (code points in, ASCII out, no prefix). */
export function punycodeEncode(label: string): string {
  // Written into an array of code units and made a string once: per-digit string
  // concatenation was most of the cost of a hundred thousand homoglyph candidates.
  const cps: number[] = [];
  const out: number[] = [];
  for (let i = 0; i < label.length; i++) {
    const c = label.codePointAt(i)!;
    if (c > 0xffff) i++;
    cps.push(c);
    if (c < 0x80) out.push(c);
  }
  const basic = out.length;
  let handled = basic;
  if (basic > 0) out.push(0x2d);
  let n = 0x80;
  let delta = 0;
  let bias = 72;
  // The code points still to insert, smallest first: each round takes the next.
  const pending = cps.filter((c) => c >= 0x80).sort((a, b) => a - b);
  for (let next = 0; handled < cps.length; next++) {
    while (next > 0 && pending[next] === pending[next - 1]) next++;
    const m = pending[next]!;
    delta += (m - n) * (handled + 1);
    n = m;
    for (const c of cps) {
      if (c < n) delta++;
      if (c !== n) continue;
      let q = delta;
      for (let k = BASE; ; k += BASE) {
        const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
        if (q < t) break;
        out.push(digit(t + ((q - t) % (BASE - t))));
        q = Math.floor((q - t) / (BASE - t));
      }
      out.push(digit(q));
      bias = adapt(delta, handled + 1, handled === basic);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  let s = "";
  for (let i = 0; i < out.length; i += 4096)
    s += String.fromCharCode.apply(null, out.slice(i, i + 4096));
  return s;
}

/** The shortest A-label a Unicode label can have: "xn--", the basic code points, "-", a digit each other. */
function minEncoded(label: string): number {
  let basic = 0;
  let other = 0;
  for (const c of label) {
    if (c.charCodeAt(0) < 0x80) basic++;
    else other++;
  }
  return other === 0 ? basic : 4 + basic + (basic > 0 ? 1 : 0) + other;
}

/** The A-label form of a domain, or undefined when a label cannot be encoded. */
export function toAsciiDomain(domain: string): string | undefined {
  const labels = domain.split(".");
  const out: string[] = [];
  for (const label of labels) {
    if (/^[\x00-\x7f]*$/.test(label)) {
      out.push(label);
      continue;
    }
    const prepped = label.normalize("NFKC").toLowerCase();
    // Punycode copies the basic code points, adds "-" after them and at least one
    // digit per other code point: a label that cannot fit in 63 octets that way is
    // refused before encoding (which costs length x distinct code points).
    if (prepped.length > 2 * 63 || minEncoded(prepped) > 63) return undefined;
    const ascii = /^[\x00-\x7f]*$/.test(prepped) ? prepped : `xn--${punycodeEncode(prepped)}`;
    if (ascii.length === 0 || ascii.length > 63) return undefined;
    out.push(ascii);
  }
  return out.join(".");
}
