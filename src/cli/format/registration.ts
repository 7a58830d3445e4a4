import type { RegistrationRecord } from "../../model/registration.js";
import type { FieldChange } from "../../registration/diff.js";

// Human output of a registration record: one labelled line per fact.

export function formatRecord(r: RegistrationRecord): string {
  const lines: [string, string][] = [];
  const add = (k: string, v: string | undefined): void => {
    if (v !== undefined && v !== "") lines.push([k, v]);
  };
  add("domain", r.domain);
  add("status", r.status + (r.eppStatus.length ? ` (${r.eppStatus.join(", ")})` : ""));
  if (r.rawStatus.length && r.eppStatus.length === 0) add("raw status", r.rawStatus.join(", "));
  const reg = r.registrar;
  add(
    "registrar",
    [reg.name, reg.ianaId ? `IANA ${reg.ianaId}` : undefined].filter(Boolean).join(", "),
  );
  add("abuse", [reg.abuseEmail, reg.abusePhone].filter(Boolean).join(" "));
  const n = r.network;
  if (n) {
    const range = n.start === n.end ? n.start : `${n.start} - ${n.end}`;
    if (range !== r.domain) add("range", range);
    if (n.cidrs.length > 1 || (n.cidrs[0] !== undefined && n.cidrs[0] !== r.domain))
      add("prefixes", n.cidrs.join(", "));
    add(
      "name",
      [n.name, n.handle && n.handle !== n.name ? `(${n.handle})` : undefined]
        .filter(Boolean)
        .join(" "),
    );
    add("type", n.type);
    add("organization", n.organization);
    add("country", n.country);
    add("parent", n.parentHandle);
  }
  add("created", r.created);
  add("updated", r.updated);
  add("expires", r.expires);
  if (n) {
    // A network has no name servers, DNSSEC or privacy service: its lines stop at the contacts.
    contactLines(r, add);
    add("source", source(r));
    return lines.map(([k, v]) => `${k.padEnd(14)} ${v}`).join("\n") + "\n";
  }
  add(
    "nameservers",
    r.nameservers
      .map(
        (n) =>
          n.name + (n.ipv4.length || n.ipv6.length ? ` [${[...n.ipv4, ...n.ipv6].join(" ")}]` : ""),
      )
      .join(", "),
  );
  add(
    "dnssec",
    r.dnssec.signed
      ? `signed${r.dnssec.ds.length ? ` (${r.dnssec.ds.length} DS)` : ""}`
      : "unsigned",
  );
  add(
    "privacy",
    r.privacy.protected ? `protected${r.privacy.service ? ` by ${r.privacy.service}` : ""}` : "no",
  );
  contactLines(r, add);
  add("source", source(r));
  return lines.map(([k, v]) => `${k.padEnd(14)} ${v}`).join("\n") + "\n";
}

function contactLines(
  r: RegistrationRecord,
  add: (k: string, v: string | undefined) => void,
): void {
  for (const c of r.contacts) {
    const who = [
      c.name,
      c.organization !== c.name ? c.organization : undefined,
      c.email,
      [c.city, c.region, c.country].filter(Boolean).join(", "),
    ]
      .filter(Boolean)
      .join(" / ");
    add(c.role, who + (c.redacted.length ? ` (redacted: ${c.redacted.join(", ")})` : ""));
  }
}

function source(r: RegistrationRecord): string {
  const s = r.source;
  const when = s.fetchedAt ? ` at ${s.fetchedAt}` : " (parsed offline)";
  return `${s.protocol} ${s.server || "(server not given)"}${when}${s.referrals.length ? `, then ${s.referrals.join(", ")}` : ""}`;
}

export function formatChange(c: FieldChange): string {
  const show = (v: FieldChange["before"]): string => (Array.isArray(v) ? v.join(", ") : String(v));
  if (c.before !== undefined && c.after !== undefined)
    return `${c.field} ${c.change}: ${show(c.before)} -> ${show(c.after)}`;
  return `${c.field} ${c.change}: ${show(c.after ?? c.before)}`;
}
