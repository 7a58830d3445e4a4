import type { Contact, ContactRole } from "../../model/registration.js";
import { LIMITS, Truncation } from "../limits.js";
import { attr, attrs, type RirObject } from "./rir-objects.js";
import { contact, orderContacts, rirDate, type RirFacts } from "./rir-facts.js";
import { asnSpan, ipSpan, normalPrefix, spanHolds } from "./rir-range.js";

// ARIN's WHOIS (whois.arin.net, https://www.arin.net/resources/registry/whois/).
// `n + ADDR` lists every network holding the address, least specific first, each
// followed by its holder (OrgName/OrgId or, for a reassignment to a customer,
// CustName) and point-of-contact blocks (OrgAbuseHandle, OrgTechHandle, ...;
// RAbuse/RTech/RNOC for POCs on the network itself). `a + N` answers with one
// ASNumber block the same way. Every block up to the next network belongs to it.

interface Section {
  head: RirObject;
  rest: RirObject[];
}

const POC = /^(org|r)(abuse|tech|noc|admin)(handle|name|phone|email)$/;
const POC_ROLE: Record<string, ContactRole> = {
  abuse: "abuse",
  tech: "technical",
  noc: "noc",
  admin: "administrative",
};

/** Whether the objects read as an ARIN answer. */
export function isArin(objects: readonly RirObject[]): boolean {
  return objects.some((o) => o.type === "netrange" || o.type === "asnumber");
}

export function parseArin(
  objects: readonly RirObject[],
  key: string,
  cut = new Truncation(),
): RirFacts | undefined {
  const asn = /^as\d+$/i.test(key);
  const sections: Section[] = [];
  for (const o of objects) {
    if (o.type === (asn ? "asnumber" : "netrange")) sections.push({ head: o, rest: [] });
    else sections[sections.length - 1]?.rest.push(o);
  }
  const chosen = asn ? pickAsn(sections, Number(key.slice(2))) : pickNet(sections, key);
  return chosen && (asn ? asnFacts(chosen, cut) : netFacts(chosen, cut));
}

// The smallest network holding the address; the last one when none does.
function pickNet(sections: Section[], key: string): Section | undefined {
  let best: { s: Section; size: bigint } | undefined;
  for (const s of sections) {
    const span = ipSpan(attr(s.head, "netrange") ?? "");
    if (!span || !spanHolds(span, key)) continue;
    const size = span.last - span.first;
    if (!best || size <= best.size) best = { s, size };
  }
  return best?.s ?? sections[sections.length - 1];
}

function pickAsn(sections: Section[], n: number): Section | undefined {
  let best: { s: Section; size: number } | undefined;
  for (const s of sections) {
    const span = asnSpan(attr(s.head, "asnumber") ?? "");
    if (!span || n < span.first || n > span.last) continue;
    if (!best || span.last - span.first <= best.size) best = { s, size: span.last - span.first };
  }
  return best?.s ?? sections[sections.length - 1];
}

/** "Google LLC (GOGL)" → the handle; " ()" → undefined. */
const handleIn = (v: string | undefined): string | undefined =>
  /\(([^()\s]+)\)\s*$/.exec(v ?? "")?.[1];

/** "Google LLC (GOGL)" → "Google LLC". The match starts at a "(", never inside a run of spaces. */
function withoutHandle(v: string): string {
  const m = /\([^()]*\)\s*$/.exec(v);
  return m ? v.slice(0, m.index).trimEnd() : v;
}

function netFacts(s: Section, cut: Truncation): RirFacts {
  const h = s.head;
  const facts = common(s, cut);
  const span = ipSpan(attr(h, "netrange") ?? "");
  if (span) facts.ip = span;
  const prefixes = attrs(h, "cidr").flatMap((v) => v.split(/[,\s]+/));
  facts.cidrs = cut.keep("cidrs", prefixes, LIMITS.cidrs).flatMap((c) => normalPrefix(c) ?? []);
  set(facts, "handle", attr(h, "nethandle"));
  set(facts, "name", attr(h, "netname"));
  set(facts, "type", attr(h, "nettype"));
  set(facts, "parentHandle", handleIn(attr(h, "parent")));
  return facts;
}

function asnFacts(s: Section, cut: Truncation): RirFacts {
  const facts = common(s, cut);
  const span = asnSpan(attr(s.head, "asnumber") ?? "");
  if (span) facts.asn = span;
  set(facts, "handle", attr(s.head, "ashandle"));
  set(facts, "name", attr(s.head, "asname"));
  return facts;
}

// The holder, its contacts and the dates, alike for networks and AS numbers.
function common(s: Section, cut: Truncation): RirFacts {
  const h = s.head;
  const holder = s.rest.find((o) => o.type === "orgname" || o.type === "custname");
  const facts: RirFacts = { cidrs: [], contacts: [] };
  const org = attr(holder, "orgname") ?? attr(holder, "custname");
  const named = attr(h, "organization");
  set(facts, "organization", org ?? (named === undefined ? undefined : withoutHandle(named)));
  set(facts, "country", attr(holder, "country")?.toUpperCase());
  set(facts, "created", rirDate(attr(h, "regdate")));
  set(facts, "updated", rirDate(attr(h, "updated")));
  const contacts: Contact[] = [];
  if (holder || org) {
    contacts.push(
      contact("registrant", {
        handle: attr(holder, "orgid") ?? handleIn(attr(h, "organization")),
        organization: org ?? facts.organization,
        street: attrs(holder, "address"),
        city: attr(holder, "city"),
        region: attr(holder, "stateprov"),
        postalCode: attr(holder, "postalcode"),
        country: attr(holder, "country"),
      }),
    );
  }
  for (const o of [h, ...s.rest]) {
    // A POC block: OrgAbuseHandle, OrgAbuseName, OrgAbusePhone, OrgAbuseEmail.
    const pocs = new Map<string, Record<string, string>>();
    for (const [k, v] of o.attrs) {
      const m = POC.exec(k);
      if (!m || v === "") continue;
      const id = `${m[1]}${m[2]}`;
      const p = pocs.get(id) ?? {};
      p[m[3]!] ??= v;
      pocs.set(id, p);
    }
    for (const [id, p] of pocs) {
      if (!cut.admit("contacts", LIMITS.contacts)) continue;
      contacts.push(
        contact(POC_ROLE[id.replace(/^(org|r)/, "")]!, {
          handle: p.handle,
          name: p.name,
          email: p.email,
          phone: p.phone,
        }),
      );
    }
  }
  facts.contacts = orderContacts(contacts);
  return facts;
}

function set<K extends keyof RirFacts>(f: RirFacts, k: K, v: RirFacts[K] | undefined): void {
  if (v !== undefined && v !== "") f[k] = v;
}
