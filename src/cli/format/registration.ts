import type { FieldChange } from "../../registration/diff.js";
import type { RegistrationRecord } from "../../registration/record.js";

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
  add("created", r.created);
  add("updated", r.updated);
  add("expires", r.expires);
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
  for (const c of r.contacts) {
    const who = [
      c.name,
      c.organization,
      c.email,
      [c.city, c.region, c.country].filter(Boolean).join(", "),
    ]
      .filter(Boolean)
      .join(" / ");
    add(c.role, who + (c.redacted.length ? ` (redacted: ${c.redacted.join(", ")})` : ""));
  }
  const s = r.source;
  add(
    "source",
    `${s.protocol} ${s.server} at ${s.fetchedAt}${s.referrals.length ? `, then ${s.referrals.join(", ")}` : ""}`,
  );
  return lines.map(([k, v]) => `${k.padEnd(14)} ${v}`).join("\n") + "\n";
}

export function formatChange(c: FieldChange): string {
  const show = (v: FieldChange["before"]): string => (Array.isArray(v) ? v.join(", ") : String(v));
  if (c.before !== undefined && c.after !== undefined)
    return `${c.field} ${c.change}: ${show(c.before)} -> ${show(c.after)}`;
  return `${c.field} ${c.change}: ${show(c.after ?? c.before)}`;
}
