import { domainToUnicode } from "node:url";
import { whoisCharsetFor } from "./whois-charsets.js";

// Which form of an internationalised name a WHOIS server is asked with. Names
// reach the WHOIS side as A-labels (UTS-46 non-transitional, target.ts), and the
// A-label is the default: it is what the registries store and what the Debian
// `whois` client sends to every server (it converts each query with
// idn2_lookup_ul before asking), so a registry that refused it would be known.
//
// Only facts with a reason are listed. No server is known here to require or to
// prefer the U-label on port 43, so every entry today says "a-label"; a server
// listed as "u-label" is sent the Unicode form in UTF-8, which is why a server
// with a legacy charset (whois-charsets.ts) is always asked with the A-label.

export type IdnForm = "a-label" | "u-label";

export interface IdnFact {
  form: IdnForm;
  why: string;
}

export type IdnTable = Readonly<Record<string, IdnFact>>;

export const WHOIS_IDN_FORMS: IdnTable = {
  "whois.verisign-grs.com": {
    form: "a-label",
    why: "Verisign's registries hold IDNs under their A-label; `domain NAME` matches it",
  },
  "whois.denic.de": {
    form: "a-label",
    why: "DENIC is asked `-T dn,ace NAME`: with `ace` it takes the A-label and answers with it",
  },
  "whois.jprs.jp": {
    form: "a-label",
    why: "JPRS reads Japanese queries in ISO-2022-JP, which this client does not encode",
  },
};

/** The form a server is asked with: its listed fact, else the A-label. */
export function idnFormFor(server: string, table: IdnTable = WHOIS_IDN_FORMS): IdnForm {
  const s = server.toLowerCase().replace(/\.$/, "");
  // A U-label is sent as UTF-8; a server known to read another charset gets the A-label.
  if (whoisCharsetFor(s) !== undefined) return "a-label";
  return table[s]?.form ?? "a-label";
}

/** The name in the form given: the U-label of each `xn--` label, or the A-label as is. */
export function nameInForm(aLabel: string, form: IdnForm): string {
  if (form === "a-label" || !/(^|\.)xn--/i.test(aLabel)) return aLabel;
  // An A-label that does not decode (a bad Punycode) stays as it came.
  return domainToUnicode(aLabel) || aLabel;
}
