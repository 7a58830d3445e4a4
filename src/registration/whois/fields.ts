// Which record field a normalised WHOIS key feeds. Keys are matched as patterns,
// not as a list per registry: "Creation Date", "created", "Registered on",
// "Domain record activated" all say when the domain was created.

import type { ContactRole } from "../record.js";
import type { WhoisEntry } from "./blocks.js";

export type DomainField =
  | "domain"
  | "created"
  | "updated"
  | "expires"
  | "status"
  | "nameserver"
  | "dnssec"
  | "registrar"
  | "registrarIanaId"
  | "registrarUrl"
  | "whoisServer"
  | "abuseEmail"
  | "abusePhone";

export type ContactField =
  | "handle"
  | "name"
  | "organization"
  | "email"
  | "phone"
  | "street"
  | "city"
  | "postalCode"
  | "region"
  | "country";

export type Classified =
  | { kind: "domain"; field: DomainField }
  | { kind: "contact"; role: ContactRole; field: ContactField }
  /** `admin-c: HANDLE`: the contact is described in a later object. */
  | { kind: "contactRef"; role: ContactRole }
  /** `nic-hdl: HANDLE`: this block describes the contact with that handle. */
  | { kind: "handle" };

// Ordered: the first pattern that matches wins.
const DOMAIN: [RegExp, DomainField][] = [
  [/^(domain( name)?|domainname|domain name \(ascii\)|dn|query)$/, "domain"],
  [
    /^(registrar )?(abuse contact email|abuse email|abuse e-mail)|^registrar abuse contact email$/,
    "abuseEmail",
  ],
  [/^(registrar )?(abuse contact phone|abuse phone)$/, "abusePhone"],
  [/^(registrar )?iana( id)?$|^registrar id$|^sponsoring registrar iana id$/, "registrarIanaId"],
  [/^(registrar )?whois server$|^whois$/, "whoisServer"],
  [/^registrar (url|website|web|homepage)|^referral url$/, "registrarUrl"],
  [
    /^(sponsoring )?registrar( name| organization| organisation)?$|^registrar-name$|^authorized agency$|^registration service provider$/,
    "registrar",
  ],
  [
    /(^| )(expir\w*|paid-till|renewal date|valid until|free-date)( date| on| time)?$|^expires?( on| date)?$/,
    "expires",
  ],
  [
    /^(creat\w*|registered|registration|domain registered|record created|activated|domain record activated|registration (date|time)|commencement date)( date| on| time)?$|^(domain )?(creat\w*|registered)( date| on)?$/,
    "created",
  ],
  [
    /^(last[ -])?(updated?|modified|changed|update|modification)( date| on| time)?$|^(domain )?(record )?last updated( date| on)?$|^last[ -]update$/,
    "updated",
  ],
  [/^(domain )?(status|state)$|^registration status$|^domain status$|^status$/, "status"],
  [
    /^(name ?servers?|nservers?|ns|nameserver \d+|name server \d+|dns( servers?)?|domain servers?( in listed order)?|host ?name|primary server|secondary server)$/,
    "nameserver",
  ],
  [/^(dnssec|signed|ds records?|signing key)$/, "dnssec"],
];

const ROLE: [RegExp, ContactRole][] = [
  [/^(registrant|holder|owner|org)\b/, "registrant"],
  [/^(admin|administrative|administrativ)\b/, "administrative"],
  [/^(tech|technical)\b/, "technical"],
  [/^billing\b/, "billing"],
];

const CONTACT_FIELD: [RegExp, ContactField][] = [
  [/(^| )(id|handle|nic-hdl|contact id)$/, "handle"],
  [/(^| )(organi[sz]ation|org|company)( name)?$/, "organization"],
  [/(^| )(e-?mail|email address)$/, "email"],
  [/(^| )(phone|telephone|phone number|tel)$/, "phone"],
  [/(^| )(street|address|street address|postal address|address line \d)$/, "street"],
  [/(^| )city$/, "city"],
  [/(^| )(postal code|postcode|zip|zip code)$/, "postalCode"],
  [/(^| )(state\/province|province|state|region)$/, "region"],
  [/(^| )(country|country code)$/, "country"],
  [/(^| )(name|contact name|contact)$/, "name"],
];

function roleOf(text: string): ContactRole | undefined {
  for (const [re, role] of ROLE) if (re.test(text)) return role;
  return undefined;
}

/** Classifies an entry; `inObject` is true inside a RIPE-style contact object. */
export function classify(e: WhoisEntry): Classified | undefined {
  if (/^(nic-hdl|nic-hdl-br)$/.test(e.key)) return { kind: "handle" };
  const refRole = /^(admin|tech|billing|holder|owner|zone|registrant)-c$/.exec(e.key);
  if (refRole) return { kind: "contactRef", role: roleOf(refRole[1]!) ?? "other" };
  // a section header names the contact (".it Registrant\n  Organization: ...")
  const sectionRole = e.section !== undefined ? roleOf(e.section) : undefined;
  if (e.section !== undefined && /^registrar\b/.test(e.section)) {
    const k = `registrar ${e.key}`;
    if (/^registrar (name|organization|organisation)$/.test(k))
      return { kind: "domain", field: "registrar" };
    for (const [re, field] of DOMAIN) if (re.test(k)) return { kind: "domain", field };
    return undefined;
  }
  const key = sectionRole !== undefined ? `${e.section} ${e.key}` : e.key;
  const role = roleOf(key);
  if (role !== undefined) {
    const rest = key.replace(/^\S+( contact)?\s*/, "");
    if (rest === "") return { kind: "contact", role, field: "name" };
    for (const [re, field] of CONTACT_FIELD)
      if (re.test(rest)) return { kind: "contact", role, field };
    return undefined;
  }
  for (const [re, field] of DOMAIN) if (re.test(key)) return { kind: "domain", field };
  return undefined;
}
