// WHOIS text → RegistrationRecord. A text holding several answers (IANA, the
// registry, the registrar) is cut into them (split-answers.ts), each is parsed,
// and they are merged registry-first (merge-answers.ts). One answer is split into
// entries by structure (blocks.ts), each entry is classified by its key
// (fields.ts), and the record is filled first-entry-wins for single values, in
// order for lists.

import { domainToASCII } from "node:url";
import type { Contact, ContactRole, RegistrationRecord } from "../../model/registration.js";
import { parseRegistryDate, type DateHint } from "../dates.js";
import { statusFields } from "../epp-status.js";
import { LIMITS, Truncation } from "../limits.js";
import { detectPrivacy } from "../privacy.js";
import { emptyRecord } from "../record.js";
import { splitBlocks, type WhoisEntry } from "./blocks.js";
import { classify, type ContactField } from "./fields.js";
import { mergeAnswers } from "./merge-answers.js";
import { splitRegistrar } from "./registrar-name.js";
import { isIanaAnswer, splitAnswers } from "./split-answers.js";
import { availability, eppCodes } from "./status.js";

export interface ParseWhoisOptions {
  /** The WHOIS server that answered (the first one, when the text holds several answers). */
  server?: string;
  /** The domain asked about, used when the answer does not name it. */
  domain?: string;
  /** ISO 8601; defaults to now. */
  fetchedAt?: string;
}

const CONTACT_HANDLE = /^(?=.*\d)[A-Z0-9]+(-[A-Z0-9]+)*$/;
const roleKeyOnly = (key: string): boolean => /^\S+( contact)?$/.test(key);
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f]*:[0-9a-f:.]+$/i;
const HOST = /^(?=.*[a-z])[a-z0-9_-]+(\.[a-z0-9_-]+)+\.?$/i;

// RIPE-style objects describing a contact or the registrar rather than the domain
// (.fr, .br, .ir ...): a later block holding a handle, or opening with the object's
// class (`registrar:`, `person:`). Dates inside them are not the domain's.
const OBJECT_KEYS = /^(nic hdl|nic hdl br|handle)$/;
const OBJECT_FIRST = /^(registrar|person|role|contact|nic hdl|nic hdl br|handle)$/;
const OBJECT_BODY = /^(address|phone|e mail|fax no|type|website)$/;

function objectBlocks(entries: WhoisEntry[]): Set<number> {
  const domainBlock = entries.find((e) => {
    const c = classify(e);
    return c?.kind === "domain" && c.field === "domain";
  })?.block;
  const out = new Set<number>();
  if (domainBlock === undefined) return out;
  const opened = new Set<number>();
  const body = new Set<number>();
  let previous = -1;
  for (const e of entries) {
    const first = e.block !== previous;
    previous = e.block;
    if (e.block <= domainBlock || e.section !== undefined) continue;
    if (OBJECT_KEYS.test(e.key)) out.add(e.block);
    if (first && OBJECT_FIRST.test(e.key)) opened.add(e.block);
    if (OBJECT_BODY.test(e.key)) body.add(e.block);
  }
  // `registrar:` opening a block is an object only with an object's body
  // (.fr), not Nominet's or SIDN's `Registrar:` section with the name beneath.
  for (const b of opened) if (body.has(b)) out.add(b);
  return out;
}

/**
 * Blocks about other objects in a multi-match answer: a bare-name query at an old
 * thin registry (Verisign) lists every host ("Server Name:") and every domain
 * whose name starts with the query (GOOGLE.COM.ZZZ...) before the domain itself.
 * With two or more such heads, the blocks not about the asked domain are dropped.
 */
function foreignBlocks(entries: WhoisEntry[], domain: string | undefined): Set<number> {
  const heads = entries.filter((e) => {
    if (e.key === "server name") return true;
    const c = classify(e);
    return c?.kind === "domain" && c.field === "domain";
  });
  const out = new Set<number>();
  if (heads.length < 2) return out;
  const asked = domain?.toLowerCase().replace(/\.$/, "");
  for (const h of heads) {
    const name = h.value.trim().split(/\s+/)[0]?.toLowerCase().replace(/\.$/, "");
    if (h.key === "server name" || (asked !== undefined && name !== asked)) out.add(h.block);
  }
  // Never drop everything: an answer that names only other objects is read as before.
  const kept = heads.some((h) => !out.has(h.block));
  return kept ? out : new Set();
}

type Nameserver = RegistrationRecord["nameservers"][number];

/** Name servers by name (a Map: a list searched per token went quadratic on 70,000 of them). */
function addNameservers(
  record: RegistrationRecord,
  value: string,
  byName: Map<string, Nameserver | undefined>,
  cut: Truncation,
): void {
  const tokens = value
    .replace(/[[\](),]/g, " ")
    .split(/\s+/)
    .filter((t) => t !== "");
  let current: Nameserver | undefined;
  for (const token of tokens) {
    if (IPV4.test(token) || (IPV6.test(token) && token.includes(":"))) {
      const list = IPV4.test(token) ? current?.ipv4 : current?.ipv6;
      if (!list) continue;
      if (list.length < LIMITS.addresses) list.push(token.toLowerCase());
      else cut.drop("addresses", LIMITS.addresses);
      continue;
    }
    if (!HOST.test(token)) continue;
    const name = token.toLowerCase().replace(/\.$/, "");
    if (byName.has(name)) {
      current = byName.get(name);
      continue;
    }
    // A name past the cap is remembered as left out, so its addresses are too.
    current = cut.admit("nameservers", LIMITS.nameservers)
      ? { name, ipv4: [], ipv6: [] }
      : undefined;
    byName.set(name, current);
    if (current) record.nameservers.push(current);
  }
}

function setContact(contact: Contact, field: ContactField, value: string, cut: Truncation): void {
  if (/redacted|not disclosed|data protected|withheld/i.test(value)) {
    if (!contact.redacted.includes(field)) contact.redacted.push(field);
    return;
  }
  if (field !== "street") contact[field] ??= value;
  else if ((contact.street ??= []).length < LIMITS.perField) contact.street.push(value);
  else cut.drop("street lines", LIMITS.perField);
}

/** Sets the registrar's name, with the handle, IANA id or URL the field carried split off. */
function setRegistrar(record: RegistrationRecord, value: string): void {
  const parts = splitRegistrar(value);
  record.registrar.name = parts.name;
  if (parts.handle !== undefined) record.registrar.handle ??= parts.handle;
  if (parts.ianaId !== undefined) record.registrar.ianaId ??= parts.ianaId;
  if (parts.url !== undefined) record.registrar.url ??= parts.url;
}

/**
 * The name beside a registrar field that holds a handle: the next entry when it is
 * `name`/`organization` (.sk, .ua), in the same block.
 */
function namedAfter(entries: WhoisEntry[], index: number): string | undefined {
  const e = entries[index]!;
  if (/\s/.test(e.value.trim())) return undefined;
  const next = entries[index + 1];
  if (next === undefined || next.block !== e.block || next.section !== e.section) return undefined;
  return /^(name|organi[sz]ation|org)$/.test(next.key) ? next.value : undefined;
}

/** The record's domain is a lowercase A-label (model/registration.ts); a U-label asked is converted. */
function aLabel(domain: string): string {
  const lower = domain.toLowerCase();
  if (/^[\x20-\x7e]*$/.test(lower)) return lower;
  return domainToASCII(lower) || lower;
}

/**
 * Does the server hold the domain's TLD? Verisign answers every name, and says
 * "The Registry database contains ONLY .COM, .NET, .EDU domains": its "No match"
 * for google.com.et says nothing about .et.
 */
function heldHere(text: string, domain: string): boolean {
  const only = /\bcontains only ([^\n]{1,120})/i.exec(text);
  if (!only || domain === "") return true;
  const tlds = new Set([...only[1]!.matchAll(/\.([a-z0-9-]+)/gi)].map((m) => m[1]!.toLowerCase()));
  const tld = domain.slice(domain.lastIndexOf(".") + 1);
  return tlds.size === 0 || tlds.has(tld);
}

/** Pushes `value` once (a Set beside the list) and no more than `max` values. */
function addOnce(
  list: string[],
  seen: Set<string>,
  value: string,
  what: string,
  max: number,
  cut: Truncation,
): void {
  if (seen.has(value)) return;
  seen.add(value);
  if (list.length < max) list.push(value);
  else cut.drop(what, max);
}

export function parseWhois(text: string, options: ParseWhoisOptions = {}): RegistrationRecord {
  const cut = new Truncation();
  const answers = cut.keep("answers", splitAnswers(text), LIMITS.answers);
  if (answers.length < 2) {
    const record = parseWhoisAnswer(text, options);
    cut.mark(record);
    return record;
  }
  // --server names the first answer no header names, IANA's aside
  const { server: given, ...rest } = options;
  const unnamed = answers.find((a) => a.server === undefined && !isIanaAnswer(a));
  const record = mergeAnswers(
    answers.map((answer) => {
      const server = answer.server ?? (answer === unnamed ? given : undefined);
      return {
        answer,
        record: parseWhoisAnswer(answer.text, server !== undefined ? { ...rest, server } : rest),
      };
    }),
  );
  cut.mark(record);
  return record;
}

/** One server's answer. */
export function parseWhoisAnswer(
  text: string,
  options: ParseWhoisOptions = {},
): RegistrationRecord {
  const cut = new Truncation();
  const split = splitBlocks(text, cut);
  const foreign = foreignBlocks(split.entries, options.domain);
  const entries =
    foreign.size > 0 ? split.entries.filter((e) => !foreign.has(e.block)) : split.entries;
  const record = emptyRecord(aLabel(options.domain ?? ""), {
    protocol: "whois",
    server: options.server ?? "",
    fetchedAt: options.fetchedAt ?? new Date().toISOString(),
    referrals: [],
  });
  const objects = objectBlocks(entries);
  // A registry writes all its dates one way: one slash date with a first part above
  // 12 (30/10/2002) says they are all day first (.pt 02/11/2019 is 2 November).
  const named =
    options.domain ??
    entries.find((e) => {
      const c = classify(e);
      return c?.kind === "domain" && c.field === "domain";
    })?.value;
  const tld = named?.trim().split(/\s+/)[0]?.toLowerCase().replace(/\.$/, "").split(".").pop();
  const dateHint: DateHint = tld !== undefined && tld !== "" ? { tld } : {};
  const dayFirst = entries.some((e) => {
    const m = /^(\d{1,2})\/\d{1,2}\/\d{4}\b/.exec(e.value);
    return m !== null && Number(m[1]) > 12;
  });
  const contacts = new Map<ContactRole, Contact>();
  const refs: [ContactRole, string][] = [];
  const byHandle = new Map<string, Contact>();
  const contactFor = (role: ContactRole): Contact => {
    let c = contacts.get(role);
    if (!c) {
      c = { role, redacted: [] };
      contacts.set(role, c);
    }
    return c;
  };
  let domainName: string | undefined;
  let changedRun = -2;
  let stateUntil: string | undefined;
  let objectContact: Contact | undefined;
  let objectBlock = -1;
  const registrarObjects = new Map<string, Contact>();
  const nameservers = new Map<string, Nameserver | undefined>();
  const rawStatus = new Set<string>();
  const statusValues: string[] = [];
  const eppStatus = new Set<string>();
  const ds = new Set<string>();

  entries.forEach((e, index) => {
    const c = classify(e);
    if (objects.has(e.block)) {
      // a contact object: remember it under its handle, fill it from generic keys
      const opening = e.block !== objectBlock;
      if (opening) {
        objectBlock = e.block;
        objectContact = { role: "other", redacted: [] };
      }
      if (e.key === "registrar" && opening && !registrarObjects.has(e.value)) {
        // RIPE-style registrar object (.sk): `registrar: HANDLE` then `name: ...`; when
        // the domain named no registrar, this object is its registrar
        objectContact!.handle = e.value;
        registrarObjects.set(e.value, objectContact!);
        record.registrar.name ??= e.value;
        return;
      }
      if (c?.kind === "handle" || e.key === "handle") {
        objectContact!.handle = e.value;
        byHandle.set(e.value, objectContact!);
        return;
      }
      const generic = classify({ ...e, key: `registrant ${e.key}` });
      if (generic?.kind === "contact" && generic.field !== "handle")
        setContact(objectContact!, generic.field, e.value, cut);
      return;
    }
    if (!c) return;
    if (c.kind === "contactRef") {
      if (cut.admit("contact references", LIMITS.contacts)) refs.push([c.role, e.value]);
      return;
    }
    if (c.kind === "contact") {
      // JPRS `[Administrative Contact] YN47525JP`: a bare role key holding a handle
      const handle = c.field === "name" && roleKeyOnly(e.key) && CONTACT_HANDLE.test(e.value);
      setContact(contactFor(c.role), handle ? "handle" : c.field, e.value, cut);
      return;
    }
    if (c.kind !== "domain") return;
    const v = e.value;
    switch (c.field) {
      case "domain":
        domainName ??= v.split(/\s+/)[0];
        break;
      case "created":
      case "updated":
      case "expires": {
        // "Last updated on 2019-09-30T03:01:33Z" under a .ru answer (TCI): a prose
        // line naming no record dates the database, not the domain
        if (e.prose && /^(last )?updated? on$/.test(e.key)) break;
        // the shared reader (TLD-aware zones and day order)
        const iso = parseRegistryDate(v, dayFirst ? { ...dateHint, order: "dmy" } : dateHint);
        if (iso === undefined) break;
        // RPSL `changed:` lines are a history (RFC 2622 §3.3, ISOC-IL): in a run of
        // them right after the one that gave the date, the latest is the update
        if (e.key === "changed" && changedRun === index - 1) {
          changedRun = index;
          if (record.updated !== undefined && iso > record.updated) record.updated = iso;
          break;
        }
        if (record[c.field] === undefined && e.key === "changed") changedRun = index;
        record[c.field] ??= iso;
        break;
      }
      case "status": {
        // a status line is a few words; one of megabytes is read for its first KiB
        const v = e.value.slice(0, 1024);
        if (statusValues.length < LIMITS.statuses) statusValues.push(v);
        // JPRS `[State] Connected (2024/03/31)`: connected until that date, the expiry
        const until = /^connected \((\d{4}\/\d{1,2}\/\d{1,2})\)$/i.exec(v);
        if (until) stateUntil ??= parseRegistryDate(until[1]!, dateHint);
        // the shared RFC 8056 reading (as RDAP uses), then the WHOIS-only spellings
        // (CIDR "Delete Prohibited by Registrar", codes separated by spaces)
        const shared = statusFields([v]);
        for (const word of shared.rawStatus)
          addOnce(record.rawStatus, rawStatus, word, "statuses", LIMITS.statuses, cut);
        const codes = shared.eppStatus.length > 0 ? shared.eppStatus : eppCodes(v);
        for (const code of codes)
          addOnce(record.eppStatus, eppStatus, code, "statuses", LIMITS.statuses, cut);
        break;
      }
      case "nameserver":
        // .dk prints the domain's own name as `DNS:`; a domain is not its own name server
        if (
          e.key === "dns" &&
          options.domain !== undefined &&
          v.toLowerCase() === options.domain.toLowerCase()
        )
          break;
        if (
          e.key === "dns" &&
          domainName !== undefined &&
          v.toLowerCase() === domainName.toLowerCase()
        )
          break;
        addNameservers(record, v, nameservers, cut);
        break;
      case "dnssec":
        // "signedDelegation", "Signed delegation", "yes", "Y"; a DS (`keytag alg
        // digest-type digest`, RFC 4034 5.3) or a DNSKEY (`flags 3 alg key`) also says so
        if (/^(signed|yes|y|true|signeddelegation|active)\b/i.test(v)) record.dnssec.signed = true;
        if (/^\d+ \d+ [1-4] [0-9a-f]{20,}$/i.test(v)) {
          record.dnssec.signed = true;
          addOnce(record.dnssec.ds, ds, v, "DS records", LIMITS.dsRecords, cut);
        } else if (/^\d+ 3 \d+ [a-z0-9+/=]{20,}$/i.test(v)) {
          record.dnssec.signed = true;
        }
        break;
      case "registrar": {
        if (record.registrar.name !== undefined) {
          // .it `Registrar` section: `Organization: X` then `Name: AM-REG` (the handle)
          if (e.section !== undefined && !/\s/.test(v)) record.registrar.handle ??= v;
          break;
        }
        // .sk `Registrar: MARK-0292` then `Name: MarkMonitor ...`, .ua `registrar:
        // ua.markmonitor` then `organization: MarkMonitor Inc.`: the value is a handle
        const named = namedAfter(entries, index);
        setRegistrar(record, named ?? v);
        if (named !== undefined) record.registrar.handle ??= v;
        break;
      }
      case "registrarHandle":
        record.registrar.handle ??= v;
        break;
      case "registrarIanaId":
        record.registrar.ianaId ??= v;
        break;
      case "registrarUrl":
        record.registrar.url ??= v;
        break;
      case "whoisServer":
        record.registrar.whoisServer ??= v;
        break;
      case "abuseEmail":
        record.registrar.abuseEmail ??= v;
        break;
      case "abusePhone":
        record.registrar.abusePhone ??= v;
        break;
    }
  });

  for (const [role, handle] of refs) {
    const found = byHandle.get(handle);
    const c = contactFor(role);
    c.handle ??= handle;
    if (found) {
      const { role: _ignored, handle: _h, redacted, ...rest } = found;
      Object.assign(c, {
        ...rest,
        ...Object.fromEntries(Object.entries(c).filter(([, x]) => x !== undefined)),
      });
      for (const r of redacted) if (!c.redacted.includes(r)) c.redacted.push(r);
    }
  }
  const registrarObject =
    record.registrar.name !== undefined ? registrarObjects.get(record.registrar.name) : undefined;
  const registrarName = registrarObject?.name ?? registrarObject?.organization;
  if (registrarName !== undefined) {
    record.registrar.handle ??= record.registrar.name;
    setRegistrar(record, registrarName);
  }
  record.contacts = [...contacts.values()];
  const privacy = detectPrivacy(record.contacts);
  record.privacy =
    privacy.service !== undefined
      ? { protected: privacy.protected, service: privacy.service }
      : { protected: privacy.protected };
  if (domainName !== undefined && record.domain === "")
    record.domain = aLabel(domainName.replace(/\.$/, ""));

  const hasData =
    record.created !== undefined ||
    record.expires !== undefined ||
    record.nameservers.length > 0 ||
    record.eppStatus.length > 0 ||
    record.registrar.name !== undefined;
  record.status = availability(text, hasData, statusValues);
  if (record.status === "registered") record.expires ??= stateUntil;
  if (record.status === "available" && !heldHere(text, record.domain)) record.status = "unknown";
  if (record.status === "available") {
    // a free name has no dates: any read were the database's
    delete record.created;
    delete record.updated;
    delete record.expires;
  }
  cut.mark(record);
  return record;
}
