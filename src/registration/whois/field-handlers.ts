// One handler per domain field (fields.ts names them), each filling the record
// first-entry-wins for single values, in order for lists. A Record keyed by
// DomainField: a field added to fields.ts without a handler does not compile.

import { LIMITS } from "../limits.js";
import { addOnce, type AnswerState } from "./answer-state.js";
import type { WhoisEntry } from "./blocks.js";
import { dateHandler } from "./field-dates.js";
import { nameserverHandler } from "./field-nameservers.js";
import { registrarHandler, registrarValue } from "./field-registrar.js";
import { statusHandler } from "./field-status.js";
import type { DomainField } from "./fields.js";

/** `index` is the entry's position in `s.entries` (a handler may look at its neighbours). */
export type FieldHandler = (s: AnswerState, e: WhoisEntry, index: number) => void;

function domainHandler(s: AnswerState, e: WhoisEntry): void {
  s.domainName ??= e.value.split(/\s+/)[0];
}

function dnssecHandler(s: AnswerState, e: WhoisEntry): void {
  const { record, cut } = s;
  const v = e.value;
  // "signedDelegation", "Signed delegation", "yes", "Y"; a DS (`keytag alg
  // digest-type digest`, RFC 4034 5.3) or a DNSKEY (`flags 3 alg key`) also says so
  if (/^(signed|yes|y|true|signeddelegation|active)\b/i.test(v)) record.dnssec.signed = true;
  if (/^\d+ \d+ [1-4] [0-9a-f]{20,}$/i.test(v)) {
    record.dnssec.signed = true;
    addOnce(record.dnssec.ds, s.seen.ds, v, "DS records", LIMITS.dsRecords, cut);
  } else if (/^\d+ 3 \d+ [a-z0-9+/=]{20,}$/i.test(v)) {
    record.dnssec.signed = true;
  }
}

export const FIELD_HANDLERS: Readonly<Record<DomainField, FieldHandler>> = {
  domain: domainHandler,
  created: dateHandler("created"),
  updated: dateHandler("updated"),
  expires: dateHandler("expires"),
  status: statusHandler,
  nameserver: nameserverHandler,
  dnssec: dnssecHandler,
  registrar: registrarHandler,
  registrarHandle: registrarValue("handle"),
  registrarIanaId: registrarValue("ianaId"),
  registrarUrl: registrarValue("url"),
  whoisServer: registrarValue("whoisServer"),
  abuseEmail: registrarValue("abuseEmail"),
  abusePhone: registrarValue("abusePhone"),
};
