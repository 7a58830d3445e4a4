import type { Contact, ContactRole } from "../../model/registration.js";
import { LIMITS, Truncation } from "../limits.js";
import { attr, attrs, bare, type RirObject, type RirText } from "./rir-objects.js";
import { contact, orderContacts, rirDate, type RirFacts } from "./rir-facts.js";
import { asnSpan, ipSpan, normalPrefix, spanHolds, type IpSpan } from "./rir-range.js";

// RPSL answers (RFC 2622; RIPE, APNIC, AFRINIC, and LACNIC's variant). The object
// asked about (inetnum, inet6num, aut-num) comes with the objects it names:
// `org:` → an `organisation:` (org-name), `admin-c:`/`tech-c:`/`abuse-c:` → a
// `role:` or `person:` by its `nic-hdl:`, `mnt-irt:` → an `irt:` (APNIC's abuse
// desk). LACNIC writes the holder on the network itself (`owner:`, `ownerid:`),
// prefixes for inetnum, YYYYMMDD dates, and `nic-hdl-br:` at NIC.br.

// RPSL lets a value end in a "# comment" ("country: EU # Country is really world wide").
const one = (o: RirObject | undefined, key: string): string | undefined => bare(attr(o, key));

const ROLE_KEYS: [string, ContactRole][] = [
  ["abuse-c", "abuse"],
  ["tech-c", "technical"],
  ["admin-c", "administrative"],
  ["owner-c", "administrative"],
];

// Placeholders for space a registry does not manage: RIPE's IANA-BLK and
// NON-RIPE-NCC-MANAGED-ADDRESS-BLOCK, APNIC's and AFRINIC's IANA-BLOCK.
const PLACEHOLDER = /^(NON-RIPE-NCC-MANAGED|IANA-BLK|IANA-BLOCK|IANA-NETBLOCK)/i;

export function isRpsl(objects: readonly RirObject[]): boolean {
  return objects.some((o) => ["inetnum", "inet6num", "aut-num", "as-block"].includes(o.type));
}

export function parseRpsl(
  text: RirText,
  key: string,
  cut = new Truncation(),
): RirFacts | undefined {
  const asn = /^as\d+$/i.test(key);
  const net = asn ? pickAsn(text.objects, Number(key.slice(2))) : pickNet(text.objects, key);
  if (!net) return undefined;
  const index = new Map<string, RirObject>();
  for (const o of text.objects) {
    for (const k of ["nic-hdl", "nic-hdl-br", "irt", "organisation"]) {
      const h = bare(attr(o, k));
      if (h && !index.has(h.toUpperCase())) index.set(h.toUpperCase(), o);
    }
  }
  const find = (h: string | undefined): RirObject | undefined =>
    h === undefined ? undefined : index.get(h.toUpperCase());

  const primary = one(net.o, net.o.type) ?? "";
  const facts: RirFacts = { cidrs: [], contacts: [] };
  if (net.ip) {
    facts.ip = net.ip;
    const prefix = normalPrefix(primary);
    if (prefix) facts.cidrs = [prefix];
  }
  if (net.asn) facts.asn = net.asn;
  const org = find(bare(attr(net.o, "org")));
  const orgName = attr(org, "org-name") ?? attr(net.o, "owner");
  const descr = attr(net.o, "descr");
  const fields: Partial<RirFacts> = {
    handle: asn ? primary.toUpperCase() : primary,
    name: one(net.o, "netname") ?? one(net.o, "as-name"),
    type: one(net.o, "status"),
    country: (one(net.o, "country") ?? one(org, "country"))?.toUpperCase(),
    organization: orgName ?? descr,
    created: rirDate(one(net.o, "created")),
    updated: rirDate(one(net.o, "last-modified") ?? attrs(net.o, "changed").pop()),
  };
  for (const [k, v] of Object.entries(fields) as [keyof RirFacts, string | undefined][])
    if (v !== undefined && v !== "") (facts as unknown as Record<string, unknown>)[k] = v;
  if (PLACEHOLDER.test(facts.name ?? "") || (net.asn && net.o.type === "as-block"))
    facts.notHeldHere = true;

  const contacts: Contact[] = [];
  const holder = org ?? (attr(net.o, "owner") ? net.o : undefined);
  if (holder) {
    contacts.push(
      contact("registrant", {
        handle: bare(attr(holder, "organisation")) ?? one(holder, "ownerid"),
        organization: orgName,
        street: attrs(holder, "address"),
        country: one(holder, "country"),
        phone: attr(holder, "phone"),
        email: one(holder, "e-mail"),
      }),
    );
  }
  // Each handle once per role, and no more contacts than a record keeps.
  const named = new Set<string>();
  for (const [k, role] of ROLE_KEYS) {
    for (const h of attrs(net.o, k).map(bare)) {
      if (!h || named.has(`${role}\0${h}`)) continue;
      named.add(`${role}\0${h}`);
      if (cut.admit("contacts", LIMITS.contacts)) contacts.push(person(role, h, find(h)));
    }
  }
  const abuseHandle = one(net.o, "abuse-c") ?? one(org, "abuse-c");
  const abuseObj = find(abuseHandle) ?? find(one(net.o, "mnt-irt"));
  const vouched = text.abuseComments.get(primary) ?? [...text.abuseComments.values()].pop();
  const abuse = contacts.find((c) => c.role === "abuse");
  if (abuse) {
    if (vouched) abuse.email = vouched;
  } else if (abuseObj || vouched) {
    const c = person("abuse", abuseHandle ?? one(abuseObj, "irt") ?? "", abuseObj);
    if (vouched) c.email = vouched;
    contacts.push(c);
  }
  facts.contacts = orderContacts(contacts);
  return facts;
}

/** A contact handle and the role/person/irt object it names, when the answer holds it. */
function person(role: ContactRole, handle: string, o: RirObject | undefined): Contact {
  return contact(role, {
    handle,
    name: attr(o, "person") ?? attr(o, "role") ?? one(o, "irt"),
    email: (role === "abuse" ? one(o, "abuse-mailbox") : undefined) ?? one(o, "e-mail"),
    phone: attr(o, "phone"),
    street: attrs(o, "address"),
    country: one(o, "country") === "ZZ" ? undefined : one(o, "country"),
  });
}

interface Picked {
  o: RirObject;
  ip?: IpSpan;
  asn?: { first: number; last: number };
}

// The smallest inetnum/inet6num holding the address; the last when none does.
function pickNet(objects: readonly RirObject[], key: string): Picked | undefined {
  let best: (Picked & { size: bigint }) | undefined;
  let last: Picked | undefined;
  for (const o of objects) {
    if (o.type !== "inetnum" && o.type !== "inet6num") continue;
    const ip = ipSpan(one(o, o.type) ?? "");
    if (!ip) continue;
    last = { o, ip };
    if (!spanHolds(ip, key)) continue;
    if (!best || ip.last - ip.first <= best.size) best = { o, ip, size: ip.last - ip.first };
  }
  return best ?? last;
}

// The aut-num itself; an as-block holding it only when there is none.
function pickAsn(objects: readonly RirObject[], n: number): Picked | undefined {
  let block: Picked | undefined;
  for (const o of objects) {
    if (o.type !== "aut-num" && o.type !== "as-block") continue;
    const asn = asnSpan(one(o, o.type) ?? "");
    if (!asn || n < asn.first || n > asn.last) continue;
    if (o.type === "aut-num") return { o, asn };
    block ??= { o, asn };
  }
  return block;
}
