// The words registries use to say what state a name is in, as one table. Two
// kinds of row:
// - `value`: the whole value of a status field (`Status: AVAILABLE`, `state:
//   REGISTERED, DELEGATED`, JPRS `[State] Connected (2024/03/31)`), compared after
//   squashing (status-match.ts), so `NOT AVAILABLE` (DNS Belgium: taken) and
//   `available` never meet;
// - `text`: a phrase anywhere in an answer that has no field to read ("No match
//   for", "is reserved", "Too many requests"). A text row is a whole-word regex with
//   no nested or adjacent unbounded repeats (linear on hostile input, issue 10).
// A row gives the record status and, where the word means one, the EPP code
// (RFC 5731 §2.3, RFC 3915 for the grace periods). Sources: the shared corpora
// (likexian, python-whois, whoisdomain) and the registries' published formats.

import type { RegistrationStatus } from "../../model/registration.js";
import type { EppStatus } from "../epp-status.js";

export interface StatusWord {
  kind: "value" | "text";
  /** `value`: the squashed words; `text`: a regex source, matched case-insensitively. */
  match: string;
  status: RegistrationStatus;
  epp?: EppStatus;
  /** Where the phrasing was seen or documented. */
  source: string;
  /** `text` rows: an answer the phrase is found in (tested). */
  example?: string;
}

const v = (match: string, status: RegistrationStatus, source: string, epp?: EppStatus) =>
  ({ kind: "value", match, status, source, ...(epp ? { epp } : {}) }) as StatusWord;
const t = (match: string, status: RegistrationStatus, source: string, example: string) =>
  ({ kind: "text", match, status, source, example }) as StatusWord;

export const STATUS_WORDS: readonly StatusWord[] = [
  // --- a status field saying the name is free
  v("available", "available", ".be .eu .it .lu: Status: AVAILABLE"),
  v("free", "available", ".de .at .cz .sk: Status: free"),
  v("no object found", "available", "CoCCA: Domain Status: No Object Found"),
  v("not registered", "available", "generic"),
  v("unregistered", "available", "generic"),
  v("not found", "available", "generic"),
  v("libre", "available", "es/fr"),
  v("disponible", "available", "es/fr/pt"),
  v("disponivel", "available", "pt (.br, .pt)"),
  v("libero", "available", "it"),
  v("frei", "available", "de"),
  v("vrij", "available", "nl"),
  v("ledig", "available", "da/no/sv"),
  v("vapaa", "available", "fi"),
  v("wolna", "available", "pl"),
  v("volna", "available", "cs/sk"),
  v("svobodna", "available", "cs/sk"),
  v("svoboden", "available", "ru (translit)"),
  v("свободен", "available", "ru"),
  // --- a status field saying the name cannot be registered
  v("reserved", "reserved", ".tw .it .eu: Status: reserved"),
  v("reserved name", "reserved", ".tw"),
  v("registry reserved", "reserved", "gTLD registry lists"),
  v("blocked", "reserved", ".eu .it: Status: BLOCKED"),
  v("unassignable", "reserved", ".it: Status: UNASSIGNABLE"),
  v("not allowed", "reserved", ".be .eu: Status: NOT ALLOWED"),
  v("not permitted", "reserved", "generic"),
  v("disallowed", "reserved", "generic"),
  v("invalid", "reserved", ".it .be: Status: INVALID (a name the rules refuse)"),
  v("invalid domain", "reserved", "generic"),
  v("invalid domain name", "reserved", "generic"),
  v("prohibited", "reserved", "generic"),
  v("reserviert", "reserved", "de"),
  v("reserve", "reserved", "fr (réservé, accent dropped)"),
  v("reservado", "reserved", "es/pt"),
  v("riservato", "reserved", "it"),
  v("gereserveerd", "reserved", "nl"),
  v("zarezerwowana", "reserved", "pl"),
  v("зарезервирован", "reserved", "ru"),
  // --- a status field saying the name is taken (not an EPP code)
  v("not available", "registered", ".be: Status: NOT AVAILABLE (taken)"),
  v("registered", "registered", ".ru .uk .ee"),
  v("taken", "registered", ".sk .si"),
  v("delegated", "registered", ".ru"),
  v("not delegated", "registered", ".ru: REGISTERED, NOT DELEGATED"),
  v("verified", "registered", ".ru"),
  v("unverified", "registered", ".ru"),
  v("connect", "registered", ".de"),
  v("connected", "registered", "JPRS [State] Connected (date)"),
  v("published", "registered", ".br"),
  v("busy", "registered", ".bg"),
  v("in use", "registered", "generic"),
  v("occupied", "registered", "generic"),
  v("registered until expiry date", "registered", "Nominet"),
  v("registered until renewal date", "registered", "Nominet"),
  v("no longer required", "registered", "Nominet: registrant gave it up, not yet cancelled"),
  v("expired", "registered", "generic"),
  v("suspended", "registered", "generic"),
  v("locked", "registered", "generic"),
  v("transfer locked", "registered", ".ie"),
  v("registrado", "registered", "es/pt"),
  v("enregistre", "registered", "fr"),
  v("registriert", "registered", "de"),
  v("zarejestrowana", "registered", "pl"),
  v("zajeta", "registered", "pl"),
  v("obsazena", "registered", "cs"),
  v("занят", "registered", "ru"),
  // --- ... or in a state with an EPP code
  v("active", "registered", ".fr .nl .rs (RFC 8056 'active')", "ok"),
  v("ok", "registered", "EPP", "ok"),
  v("inactive", "registered", "EPP inactive: no name servers", "inactive"),
  v("redemption", "registered", ".eu .be .ca", "redemptionPeriod"),
  v("in redemption", "registered", "generic", "redemptionPeriod"),
  v("redemption period", "registered", "RFC 3915", "redemptionPeriod"),
  v("quarantine", "registered", ".eu .be: quarantine after deletion", "redemptionPeriod"),
  v("pending delete", "registered", "RFC 3915", "pendingDelete"),
  v("pending deletion", "registered", "generic", "pendingDelete"),
  v("to be released", "registered", ".cz .lv: deleted, not yet free", "pendingDelete"),
  v("to be deleted", "registered", "generic", "pendingDelete"),
  v("on hold", "registered", "generic", "serverHold"),
  // --- phrases in answers without fields: the name is free
  t(String.raw`\bno match\b`, "available", "Verisign, PIR", 'No match for domain "GOOGLE.COM.ET".'),
  t(String.raw`\bnot found\b`, "available", "many", "Domain not found."),
  t(
    String.raw`\bno (data|entries|object|objects|information) found\b`,
    "available",
    "many",
    "No entries found for the selected source(s).",
  ),
  t(
    String.raw`\bno matching (record|records|object|objects)\b`,
    "available",
    "RIPE-style",
    "%ERROR:101: no entries found\n% No matching objects",
  ),
  t(String.raw`\bnothing found\b`, "available", "generic", "Nothing found for this query."),
  t(String.raw`\bno found\b`, "available", "CNNIC", "No Found"),
  t(
    String.raw`\bno information available\b`,
    "available",
    "generic",
    "No information available about domain name x.tld",
  ),
  t(
    String.raw`\b(object|domain) does not exist\b`,
    "available",
    "many",
    "The queried object does not exist: DOMAIN NOT FOUND",
  ),
  t(
    String.raw`\bis available for (registration|purchase)\b`,
    "available",
    "many",
    "The domain x.tld is available for registration.",
  ),
  t(
    String.raw`\b(has not been|is not|not) registered\b`,
    "available",
    "many",
    "This domain has not been registered.",
  ),
  t(String.raw`\bis free\b`, "available", "DENIC-style", "Domain x.tld is free"),
  t(String.raw`\bquery_status: ?220\b`, "available", "CIRA-style", "Query_status: 220 Available"),
  t(
    String.raw`\bdoes not have any data for\b`,
    "available",
    "generic",
    "This server does not have any data for x.tld",
  ),
  t(String.raw`\bnot known in\b`, "available", "generic", "x.tld is not known in this registry"),
  t(String.raw`\breturned 0 objects\b`, "available", "generic", "Whois query returned 0 objects."),
  t(String.raw`\bno such domain\b`, "available", "generic", "No such domain x.tld"),
  t(
    String.raw`\bdomain (name )?(is )?available\b`,
    "available",
    "generic",
    "Domain name available",
  ),
  // --- ... the name cannot be registered
  t(
    String.raw`\bnot available for ([\w-]+ ){0,3}registration\b`,
    "reserved",
    "many",
    "This name is not available for public registration.",
  ),
  t(
    String.raw`\b(is|domain is|name is) reserved\b`,
    "reserved",
    "many",
    "The domain x.tld is reserved",
  ),
  t(
    String.raw`\breserved (name|domain|word)\b`,
    "reserved",
    "TWNIC",
    "Domain Name: net.tw\n  reserved name",
  ),
  t(
    String.raw`\b(registration|name) (is )?not allowed\b`,
    "reserved",
    "generic",
    "Registration not allowed for this name",
  ),
  t(
    String.raw`\binvalid (domain|domain name)\b(?! (query|request))`,
    "reserved",
    "generic",
    "Invalid domain name",
  ),
  // --- ... the server refused to answer now. Legal notices mention "exceeding query
  // rate or volume limits" and "if too many queries are received": these are the
  // phrases an actual refusal uses
  t(String.raw`\brate limit exceeded\b`, "throttled", "generic", "Rate limit exceeded"),
  t(String.raw`\blimit exceeded\b`, "throttled", "generic", "Query limit exceeded for your IP"),
  t(String.raw`\bquery limit\b`, "throttled", "generic", "You have reached your query limit"),
  t(
    String.raw`\bexceeded (the |your )?(maximum|allowed|query|quota|limit)\b`,
    "throttled",
    "generic",
    "You have exceeded the maximum number of queries",
  ),
  t(
    String.raw`\btoo ma(n)?y (queries|requests|connections)\b(?! are received)`,
    "throttled",
    "THNIC (spelt 'Too may')",
    "% Too may requests.",
  ),
  t(String.raw`\btry again later\b`, "throttled", "generic", "Server busy, try again later"),
  t(String.raw`\bquota exceeded\b`, "throttled", "generic", "Quota exceeded"),
  t(String.raw`\btemporarily blocked\b`, "throttled", "generic", "Your IP is temporarily blocked"),
  t(
    String.raw`\bmaintain at least \d+[- ]?seconds?\b`,
    "throttled",
    "HKIRC",
    "Please maintain at least 10-second time before starting another enquiry.",
  ),
  t(
    String.raw`\bplease wait [\w-]+ (second|seconds|minute|minutes)\b`,
    "throttled",
    "generic",
    "Please wait 60 seconds",
  ),
];
