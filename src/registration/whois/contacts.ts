// The contacts of one WHOIS answer: fields keyed by role (`Registrant Email:`),
// references to handles (`admin-c: AB123-FRNIC`, RFC 2622 style), and the
// RIPE-style objects that describe those handles in later blocks (`nic-hdl:`).
// References are resolved once the whole answer is read.

import type { Contact, ContactRole } from "../../model/registration.js";
import { LIMITS, type Truncation } from "../limits.js";
import type { WhoisEntry } from "./blocks.js";
import { classify, type Classified, type ContactField } from "./fields.js";

const CONTACT_HANDLE = /^(?=.*\d)[A-Z0-9]+(-[A-Z0-9]+)*$/;
const roleKeyOnly = (key: string): boolean => /^\S+( contact)?$/.test(key);

function setContact(contact: Contact, field: ContactField, value: string, cut: Truncation): void {
  if (/redacted|not disclosed|data protected|withheld/i.test(value)) {
    if (!contact.redacted.includes(field)) contact.redacted.push(field);
    return;
  }
  if (field !== "street") contact[field] ??= value;
  else if ((contact.street ??= []).length < LIMITS.perField) contact.street.push(value);
  else cut.drop("street lines", LIMITS.perField);
}

export class ContactCollector {
  private readonly byRole = new Map<ContactRole, Contact>();
  private readonly refs: [ContactRole, string][] = [];
  private readonly byHandle = new Map<string, Contact>();
  private readonly registrarObjects = new Map<string, Contact>();
  private object: Contact = { role: "other", redacted: [] };
  private objectBlock = -1;

  constructor(private readonly cut: Truncation) {}

  private forRole(role: ContactRole): Contact {
    let c = this.byRole.get(role);
    if (!c) {
      c = { role, redacted: [] };
      this.byRole.set(role, c);
    }
    return c;
  }

  /** A `contactRef` or `contact` entry of the domain's own blocks. */
  field(e: WhoisEntry, c: Classified & { kind: "contact" | "contactRef" }): void {
    if (c.kind === "contactRef") {
      if (this.cut.admit("contact references", LIMITS.contacts)) this.refs.push([c.role, e.value]);
      return;
    }
    // JPRS `[Administrative Contact] YN47525JP`: a bare role key holding a handle
    const handle = c.field === "name" && roleKeyOnly(e.key) && CONTACT_HANDLE.test(e.value);
    setContact(this.forRole(c.role), handle ? "handle" : c.field, e.value, this.cut);
  }

  /**
   * An entry of an object block: remembered under its handle, filled from generic
   * keys. Returns the handle when the entry opens a registrar object (.sk
   * `registrar: HANDLE` then `name: ...`).
   */
  objectEntry(e: WhoisEntry, c: Classified | undefined): string | undefined {
    const opening = e.block !== this.objectBlock;
    if (opening) {
      this.objectBlock = e.block;
      this.object = { role: "other", redacted: [] };
    }
    if (e.key === "registrar" && opening && !this.registrarObjects.has(e.value)) {
      this.object.handle = e.value;
      this.registrarObjects.set(e.value, this.object);
      return e.value;
    }
    if (c?.kind === "handle" || e.key === "handle") {
      this.object.handle = e.value;
      this.byHandle.set(e.value, this.object);
      return undefined;
    }
    const generic = classify({ ...e, key: `registrant ${e.key}` });
    if (generic?.kind === "contact" && generic.field !== "handle")
      setContact(this.object, generic.field, e.value, this.cut);
    return undefined;
  }

  /** The registrar object opened under `handle`, if any. */
  registrarObject(handle: string): Contact | undefined {
    return this.registrarObjects.get(handle);
  }

  /** The contacts, references resolved: a role's own fields win over its object's. */
  contacts(): Contact[] {
    for (const [role, handle] of this.refs) {
      const found = this.byHandle.get(handle);
      const c = this.forRole(role);
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
    return [...this.byRole.values()];
  }
}
