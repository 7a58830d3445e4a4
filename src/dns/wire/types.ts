// Record type and class mnemonics, as BIND 9.18's dig and Knot's kdig know them
// (IANA "Resource Record (RR) TYPEs" registry). Anything else is TYPEnnn / CLASSnnn
// (RFC 3597 §5), never silently type 0.

const TYPE_LIST: ReadonlyArray<readonly [string, number]> = [
  ["A", 1],
  ["NS", 2],
  ["MD", 3],
  ["MF", 4],
  ["CNAME", 5],
  ["SOA", 6],
  ["MB", 7],
  ["MG", 8],
  ["MR", 9],
  ["NULL", 10],
  ["WKS", 11],
  ["PTR", 12],
  ["HINFO", 13],
  ["MINFO", 14],
  ["MX", 15],
  ["TXT", 16],
  ["RP", 17],
  ["AFSDB", 18],
  ["X25", 19],
  ["ISDN", 20],
  ["RT", 21],
  ["NSAP", 22],
  ["NSAP-PTR", 23],
  ["SIG", 24],
  ["KEY", 25],
  ["PX", 26],
  ["GPOS", 27],
  ["AAAA", 28],
  ["LOC", 29],
  ["NXT", 30],
  ["EID", 31],
  ["NIMLOC", 32],
  ["SRV", 33],
  ["ATMA", 34],
  ["NAPTR", 35],
  ["KX", 36],
  ["CERT", 37],
  ["A6", 38],
  ["DNAME", 39],
  ["SINK", 40],
  ["OPT", 41],
  ["APL", 42],
  ["DS", 43],
  ["SSHFP", 44],
  ["IPSECKEY", 45],
  ["RRSIG", 46],
  ["NSEC", 47],
  ["DNSKEY", 48],
  ["DHCID", 49],
  ["NSEC3", 50],
  ["NSEC3PARAM", 51],
  ["TLSA", 52],
  ["SMIMEA", 53],
  ["HIP", 55],
  ["NINFO", 56],
  ["RKEY", 57],
  ["TALINK", 58],
  ["CDS", 59],
  ["CDNSKEY", 60],
  ["OPENPGPKEY", 61],
  ["CSYNC", 62],
  ["ZONEMD", 63],
  ["SVCB", 64],
  ["HTTPS", 65],
  ["SPF", 99],
  ["UINFO", 100],
  ["UID", 101],
  ["GID", 102],
  ["UNSPEC", 103],
  ["NID", 104],
  ["L32", 105],
  ["L64", 106],
  ["LP", 107],
  ["EUI48", 108],
  ["EUI64", 109],
  ["TKEY", 249],
  ["TSIG", 250],
  ["IXFR", 251],
  ["AXFR", 252],
  ["MAILB", 253],
  ["MAILA", 254],
  ["ANY", 255],
  ["URI", 256],
  ["CAA", 257],
  ["AVC", 258],
  ["DOA", 259],
  ["AMTRELAY", 260],
  ["RESINFO", 261],
  ["WALLET", 262],
  ["TA", 32768],
  ["DLV", 32769],
];

const TYPE_BY_NAME = new Map<string, number>(TYPE_LIST);
const NAME_BY_TYPE = new Map<number, string>(TYPE_LIST.map(([n, v]) => [v, n]));

const CLASS_LIST: ReadonlyArray<readonly [string, number]> = [
  ["IN", 1],
  ["CH", 3],
  ["HS", 4],
  ["NONE", 254],
  ["ANY", 255],
];
const CLASS_BY_NAME = new Map<string, number>(CLASS_LIST);
const NAME_BY_CLASS = new Map<number, string>(CLASS_LIST.map(([n, v]) => [v, n]));

/** Types that only make sense in a message, never as data (RFC 6895 §3.1). */
export const META_TYPES: ReadonlySet<string> = new Set([
  "OPT",
  "TKEY",
  "TSIG",
  "IXFR",
  "AXFR",
  "MAILB",
  "MAILA",
  "ANY",
]);

export function typeToString(code: number): string {
  return NAME_BY_TYPE.get(code) ?? `TYPE${code}`;
}

/** Parses a type mnemonic or TYPEnnn; undefined when it is neither (never 0 by accident). */
export function typeFromString(text: string): number | undefined {
  const upper = text.toUpperCase();
  const known = TYPE_BY_NAME.get(upper);
  if (known !== undefined) return known;
  const m = /^TYPE(\d{1,5})$/.exec(upper);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n <= 0xffff ? n : undefined;
}

export function classToString(code: number): string {
  return NAME_BY_CLASS.get(code) ?? `CLASS${code}`;
}

export function classFromString(text: string): number | undefined {
  const upper = text.toUpperCase();
  const known = CLASS_BY_NAME.get(upper);
  if (known !== undefined) return known;
  const m = /^CLASS(\d{1,5})$/.exec(upper);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n <= 0xffff ? n : undefined;
}

/** The canonical mnemonic for a type given as text ("a" → "A", "TYPE1" → "A", "TYPE999" stays). */
export function normaliseType(text: string): string | undefined {
  const known = typeMemo.get(text);
  if (known !== undefined) return known;
  const code = typeFromString(text);
  const out = code === undefined ? undefined : typeToString(code);
  // Collectors ask about the same handful of spellings millions of times.
  if (out !== undefined && typeMemo.size < 4096) typeMemo.set(text, out);
  return out;
}

const typeMemo = new Map<string, string>();

export const RCODE_NAMES: Readonly<Record<number, string>> = {
  0: "NOERROR",
  1: "FORMERR",
  2: "SERVFAIL",
  3: "NXDOMAIN",
  4: "NOTIMP",
  5: "REFUSED",
  6: "YXDOMAIN",
  7: "YXRRSET",
  8: "NXRRSET",
  9: "NOTAUTH",
  10: "NOTZONE",
  11: "DSOTYPENI",
  16: "BADVERS",
  17: "BADKEY",
  18: "BADTIME",
  19: "BADMODE",
  20: "BADNAME",
  21: "BADALG",
  22: "BADTRUNC",
  23: "BADCOOKIE",
};

export function rcodeToString(code: number): string {
  return RCODE_NAMES[code] ?? `RCODE${code}`;
}

export const OPCODE_NAMES: Readonly<Record<number, string>> = {
  0: "QUERY",
  1: "IQUERY",
  2: "STATUS",
  4: "NOTIFY",
  5: "UPDATE",
  6: "DSO",
};
