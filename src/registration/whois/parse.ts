// WHOIS text → RegistrationRecord. A text holding several answers (IANA, the
// registry, the registrar) is cut into them (split-answers.ts), each is parsed,
// and they are merged registry-first (merge-answers.ts). One answer is split into
// entries by structure (blocks.ts), blocks about other objects are set aside
// (answer-blocks.ts), each entry is classified by its key (fields.ts) and goes to
// the contact collector (contacts.ts) or to its field's handler (field-handlers.ts).

import { domainToASCII } from "node:url";
import type { RegistrationRecord } from "../../model/registration.js";
import { LIMITS, Truncation } from "../limits.js";
import { detectPrivacy } from "../privacy.js";
import { emptyRecord } from "../record.js";
import { foreignBlocks, isDomainHead, objectBlocks } from "./answer-blocks.js";
import { dateReading, type AnswerState } from "./answer-state.js";
import { splitBlocks } from "./blocks.js";
import { ContactCollector } from "./contacts.js";
import { FIELD_HANDLERS } from "./field-handlers.js";
import { registrarFromObject } from "./field-registrar.js";
import { classify } from "./fields.js";
import { mergeAnswers } from "./merge-answers.js";
import { isIanaAnswer, splitAnswers } from "./split-answers.js";
import { availability } from "./status.js";

export interface ParseWhoisOptions {
  /** The WHOIS server that answered (the first one, when the text holds several answers). */
  server?: string;
  /** The domain asked about, used when the answer does not name it. */
  domain?: string;
  /** ISO 8601; defaults to now. */
  fetchedAt?: string;
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
  const s: AnswerState = {
    record,
    cut,
    entries,
    asked: options.domain,
    ...dateReading(options.domain ?? entries.find(isDomainHead)?.value, entries),
    domainName: undefined,
    changedRun: -2,
    stateUntil: undefined,
    statusValues: [],
    nameservers: new Map(),
    seen: { rawStatus: new Set(), eppStatus: new Set(), ds: new Set() },
  };
  const contacts = new ContactCollector(cut);

  entries.forEach((e, index) => {
    const c = classify(e);
    if (objects.has(e.block)) {
      // when the domain named no registrar, a registrar object is its registrar
      const registrar = contacts.objectEntry(e, c);
      if (registrar !== undefined) record.registrar.name ??= registrar;
    } else if (c?.kind === "contact" || c?.kind === "contactRef") contacts.field(e, c);
    else if (c?.kind === "domain") FIELD_HANDLERS[c.field](s, e, index);
  });

  record.contacts = contacts.contacts();
  registrarFromObject(record, contacts);
  const privacy = detectPrivacy(record.contacts);
  record.privacy =
    privacy.service !== undefined
      ? { protected: privacy.protected, service: privacy.service }
      : { protected: privacy.protected };
  if (s.domainName !== undefined && record.domain === "")
    record.domain = aLabel(s.domainName.replace(/\.$/, ""));
  setStatus(record, text, s);
  cut.mark(record);
  return record;
}

/** Registered, available or unknown, from the phrases and what was read. */
function setStatus(record: RegistrationRecord, text: string, s: AnswerState): void {
  const hasData =
    record.created !== undefined ||
    record.expires !== undefined ||
    record.nameservers.length > 0 ||
    record.eppStatus.length > 0 ||
    record.registrar.name !== undefined;
  record.status = availability(text, hasData, s.statusValues);
  if (record.status === "registered") record.expires ??= s.stateUntil;
  if (record.status === "available" && !heldHere(text, record.domain)) record.status = "unknown";
  if (record.status === "available") {
    // a free name has no dates: any read were the database's
    delete record.created;
    delete record.updated;
    delete record.expires;
  }
}
