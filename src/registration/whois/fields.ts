// Which record field a normalised WHOIS key feeds. Keys are matched as patterns,
// not as a list per registry: "Creation Date", "created", "Registered on",
// "Domain record activated" all say when the domain was created.

import type { ContactRole } from "../../model/registration.js";
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
  | "registrarHandle"
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

// Ordered: the first pattern that matches wins. Keys arrive normalised: lowercase,
// `-` and `_` turned into spaces (`paid-till` → `paid till`).
const DOMAIN: [RegExp, DomainField][] = [
  [/^(domain( name)?|domainname|domain name \(ascii\)|dn)$/, "domain"],
  [/^(registrar )?(abuse contact email|abuse email|abuse e mail)$/, "abuseEmail"],
  [/^(registrar )?(abuse contact phone|abuse phone)$/, "abusePhone"],
  [/^(registrar )?iana( id)?$|^registrar id$|^sponsoring registrar iana id$/, "registrarIanaId"],
  [/^(registrar )?whois server$|^whois$/, "whoisServer"],
  [
    /^registrar (url|website|web|homepage)|^referral url$|^registration service url$/,
    "registrarUrl",
  ],
  [
    /^(current |sponsoring |authori[sz]ed )?regist?r?ar( name| organization| organisation)?$|^authorized agency$|^registration service provider$/,
    "registrar",
  ],
  [
    /(^| )(expir\w*|exp|paid till|renewal date|valid until|validity|free date)( date| on| time)?$|^expires?( on| date)?$|^fecha de (vencimiento|expiraci[oó]n)$/,
    "expires",
  ],
  [
    /(^| )(creat\w*|registered|registration|commencement|activated|first registration|assigned)( date| on| time)?$|^domain record activated$|^fecha de (creaci[oó]n|registro)$/,
    "created",
  ],
  [
    /(^| )(last )?(updated?|modified|changed|modification)( date| on| time)?$|^(domain )?(record )?last updated( date| on)?$|lastmodified$|^last update$|^[uú]ltima actualizaci[oó]n$/,
    "updated",
  ],
  [/^(domain |epp |query )?(status|state)$|^registration status$|^estatus del dominio$/, "status"],
  [
    /^((domain )?name ?servers?|nservers?|ns( name)?( \d+)?|nameserver \d+|name server \d+|dns( servers?)?|domain servers?( in listed order)?|host ?name|primary server|secondary server)( information)?$/,
    "nameserver",
  ],
  [/^(domain )?(dnssec|signed|ds records?|ds rdata|dnskey|signing key)$/, "dnssec"],
];

const ROLE: [RegExp, ContactRole][] = [
  [/^(registrant|holder|owner)\b/, "registrant"],
  [/^(admin|administrative|administrativ)\b/, "administrative"],
  [/^(tech|technical)\b/, "technical"],
  [/^(billing|bill)\b/, "billing"],
];

const CONTACT_FIELD: [RegExp, ContactField][] = [
  [/(^| )(id|handle|nic hdl|contact id)$/, "handle"],
  [/(^| )(organi[sz]ation|org|company)( name)?$/, "organization"],
  [/(^| )(e ?mail|email address)$/, "email"],
  [/(^| )(phone|telephone|phone number|tel)$/, "phone"],
  [/(^| )(street|address|street address|postal address|address line \d|address\d)$/, "street"],
  [/(^| )city$/, "city"],
  [/(^| )(postal code|postcode|zip|zip code|zipcode)$/, "postalCode"],
  [/(^| )(state\/province|province|state|region|state or province)$/, "region"],
  [/(^| )(country|country code|country \/ region)$/, "country"],
  [/(^| )(name|contact name|contact|person)$/, "name"],
];

function roleOf(text: string): ContactRole | undefined {
  for (const [re, role] of ROLE) if (re.test(text)) return role;
  return undefined;
}

function domainField(key: string): DomainField | undefined {
  // .pl `option created` / `option expiration date`: a pre-registration option's dates
  if (key.startsWith("option ")) return undefined;
  for (const [re, field] of DOMAIN) if (re.test(key)) return field;
  return undefined;
}

/** Classifies an entry by its key and the section it sits in. */
export function classify(e: WhoisEntry): Classified | undefined {
  // `** Whois Server:\nLast Update Time: ...` (.tr): the server's facts, not the domain's
  if (e.section !== undefined && /^(whois server|database)\b/.test(e.section)) return undefined;
  if (/^(nic hdl|nic hdl br)$/.test(e.key)) return { kind: "handle" };
  const refRole = /^(admin|tech|billing|bill|holder|owner|zone|registrant) c$/.exec(e.key);
  if (refRole) return { kind: "contactRef", role: roleOf(refRole[1]!) ?? "other" };
  const section = e.section;
  if (section !== undefined && /^regist?r?ar\b/.test(section) && !/^regist?r?ar\b/.test(e.key)) {
    // EURid/.ee `Registrar:\n  Name: ...`, .tr `** Registrar:\nOrganization Name: ...`
    if (/^(name|organi[sz]ation)( name)?$/.test(e.key))
      return { kind: "domain", field: "registrar" };
    // .tr `NIC Handle: ogv40`
    if (/^(nic handle|handle|id|nic hdl)$/.test(e.key))
      return { kind: "domain", field: "registrarHandle" };
    const field = domainField(`registrar ${e.key}`) ?? domainField(e.key);
    return field !== undefined && field !== "registrar" ? { kind: "domain", field } : undefined;
  }
  if (section !== undefined && /^domain\b/.test(section) && e.key === "name")
    return { kind: "domain", field: "domain" };
  // a section header names the contact (".it Registrant\n  Organization: ...")
  const sectionRole = section !== undefined ? roleOf(section) : undefined;
  const keyRole = roleOf(e.key);
  const role = keyRole ?? sectionRole;
  if (role !== undefined) {
    const rest = keyRole !== undefined ? e.key.replace(/^\S+( contact)?\s*/, "") : e.key;
    if (rest === "") return { kind: "contact", role, field: "name" };
    for (const [re, field] of CONTACT_FIELD)
      if (re.test(rest)) return { kind: "contact", role, field };
    // not a contact field: a domain field inside a loosely drawn section (HKIRC puts
    // the expiry date under the registrant)
    if (keyRole !== undefined) return undefined;
  }
  const field = domainField(e.key);
  return field !== undefined ? { kind: "domain", field } : undefined;
}
