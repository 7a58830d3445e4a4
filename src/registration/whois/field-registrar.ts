// Handlers for the registrar's fields. A registrar line may hold a name, a name
// with a handle, IANA id or URL beside it (registrar-name.ts), or only a handle
// whose name follows in the next entry or in a RIPE-style object (contacts.ts).

import type { RegistrationRecord } from "../../model/registration.js";
import type { AnswerState } from "./answer-state.js";
import type { WhoisEntry } from "./blocks.js";
import type { ContactCollector } from "./contacts.js";
import { splitRegistrar } from "./registrar-name.js";

type Registrar = RegistrationRecord["registrar"];

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
function namedAfter(entries: readonly WhoisEntry[], index: number): string | undefined {
  const e = entries[index]!;
  if (/\s/.test(e.value.trim())) return undefined;
  const next = entries[index + 1];
  if (next === undefined || next.block !== e.block || next.section !== e.section) return undefined;
  return /^(name|organi[sz]ation|org)$/.test(next.key) ? next.value : undefined;
}

export function registrarHandler(s: AnswerState, e: WhoisEntry, index: number): void {
  const { record } = s;
  const v = e.value;
  if (record.registrar.name !== undefined) {
    // .it `Registrar` section: `Organization: X` then `Name: AM-REG` (the handle)
    if (e.section !== undefined && !/\s/.test(v)) record.registrar.handle ??= v;
    return;
  }
  // .sk `Registrar: MARK-0292` then `Name: MarkMonitor ...`, .ua `registrar:
  // ua.markmonitor` then `organization: MarkMonitor Inc.`: the value is a handle
  const named = namedAfter(s.entries, index);
  setRegistrar(record, named ?? v);
  if (named !== undefined) record.registrar.handle ??= v;
}

/** A handler keeping the first value of one registrar field. */
export const registrarValue =
  (field: Exclude<keyof Registrar, "name">) =>
  (s: AnswerState, e: WhoisEntry): void => {
    s.record.registrar[field] ??= e.value;
  };

/** When the registrar named is a handle with an object of its own (.sk), its name from there. */
export function registrarFromObject(record: RegistrationRecord, contacts: ContactCollector): void {
  const name = record.registrar.name;
  const object = name !== undefined ? contacts.registrarObject(name) : undefined;
  const objectName = object?.name ?? object?.organization;
  if (objectName === undefined) return;
  record.registrar.handle ??= record.registrar.name;
  setRegistrar(record, objectName);
}
