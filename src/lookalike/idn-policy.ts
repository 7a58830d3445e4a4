// Which scripts a registry accepts in its IDN labels, so a homoglyph is offered only
// where it could be registered. From the registries' published IDN tables, reduced to
// scripts: Verisign (.com, .net) takes Latin, Cyrillic and Greek among others; DENIC
// and most European ccTLDs Latin with diacritics; .uk, .ru (IDN go under .рф) and
// others none. A TLD not listed is taken to accept Latin, as most gTLDs do.

type Script = "Latin" | "Cyrillic" | "Greek";

const POLICY: Readonly<Record<string, readonly Script[]>> = {
  com: ["Latin", "Cyrillic", "Greek"],
  net: ["Latin", "Cyrillic", "Greek"],
  org: ["Latin", "Cyrillic", "Greek"],
  info: ["Latin", "Cyrillic", "Greek"],
  biz: ["Latin", "Cyrillic", "Greek"],
  de: ["Latin"],
  at: ["Latin"],
  ch: ["Latin"],
  fr: ["Latin"],
  es: ["Latin"],
  pl: ["Latin", "Cyrillic", "Greek"],
  eu: ["Latin", "Cyrillic", "Greek"],
  se: ["Latin"],
  nl: [],
  uk: [],
  "co.uk": [],
  ru: [],
  us: [],
  gov: [],
  edu: [],
  mil: [],
  io: ["Latin"],
  xn__p1ai: ["Cyrillic"], // .рф
};

const SCRIPT_TESTS: Record<Script, RegExp> = {
  Latin: /^\p{Script=Latin}$/u,
  Cyrillic: /^\p{Script=Cyrillic}$/u,
  Greek: /^\p{Script=Greek}$/u,
};

/**
 * True when every non-ASCII character of `unicodeLabel` is in a script `tld` accepts,
 * and the label keeps to one script (ASCII letters count as Latin, digits as none).
 */
export function idnAllowed(unicodeLabel: string, tld: string): boolean {
  const scripts = POLICY[tld.replace(/-/g, "_")] ??
    POLICY[tld.split(".").at(-1)!.replace(/-/g, "_")] ?? ["Latin"];
  const used = new Set<Script>();
  for (const ch of unicodeLabel) {
    if (ch.charCodeAt(0) < 0x80) {
      if (/[a-z]/i.test(ch)) used.add("Latin");
      continue;
    }
    const s = scripts.find((x) => SCRIPT_TESTS[x].test(ch));
    if (!s) return false;
    used.add(s);
  }
  // Registries refuse labels that mix scripts (ICANN IDN guidelines).
  return used.size <= 1;
}
