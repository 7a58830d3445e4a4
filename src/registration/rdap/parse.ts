import { domainToASCII } from "node:url";
import { DnsightError } from "../../errors.js";
import type {
  Nameserver,
  RegistrationRecord,
  RegistrationSource,
} from "../../model/registration.js";
import { rangeToCidrs } from "../../net/ip-number.js";
import { clip, LIMITS, Truncation } from "../limits.js";
import { detectPrivacy } from "../privacy.js";
import { emptyRecord } from "../record.js";
import { eppFromRdap } from "../epp-status.js";
import { contactsFrom, readEntities, registrarFrom } from "./entities.js";
import { eventDate } from "./events.js";
import { networkFrom } from "./network.js";
import { applyRedactions, redactionLabels } from "./redaction.js";
import { ipFamily } from "../../net/ip.js";

// An RDAP response (RFC 9083) → the normalised registration record. The JSON is
// checked here, at the edge; fields that are missing or malformed are left out
// of the record rather than thrown on, since real servers vary. Lists keep their
// first LIMITS members (limits.ts), the rest noted in record.truncated.

export type RdapObjectClass = "domain" | "ip network" | "autnum";

export interface RdapParseOptions {
  source: RegistrationSource;
  /**
   * The object class asked for. A response of another class is an error; a
   * response without `objectClassName` (some partial ones) is read as this class.
   */
  expect?: RdapObjectClass;
  /** The name that was queried, used when the response gives no ldhName. */
  name?: string;
}

const CLASSES: readonly string[] = ["domain", "ip network", "autnum"];

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
const objects = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v)
    ? v.filter((x): x is Record<string, unknown> => typeof x === "object" && x !== null)
    : [];

function describe(json: unknown): string {
  if (json === null) return "null";
  if (Array.isArray(json)) return "an array";
  return `a ${typeof json}`;
}

/**
 * The class of a response that does not name it (partial or hand-trimmed answers),
 * told from the members only that class has.
 */
function inferClass(json: Record<string, unknown>): RdapObjectClass | undefined {
  if ("startAutnum" in json) return "autnum";
  if ("startAddress" in json || "ipVersion" in json) return "ip network";
  if ("ldhName" in json || "nameservers" in json || "secureDNS" in json) return "domain";
  return undefined;
}

function objectClass(json: Record<string, unknown>, expect?: RdapObjectClass): RdapObjectClass {
  const oc = json.objectClassName;
  if (oc === undefined) {
    const inferred = expect ?? inferClass(json);
    if (inferred) return inferred;
  }
  if (typeof oc !== "string") {
    throw new DnsightError("INPUT", 'RDAP response has no "objectClassName"');
  }
  if (!CLASSES.includes(oc)) {
    throw new DnsightError(
      "INPUT",
      `RDAP objectClassName ${clip(oc)} is not one of ${CLASSES.map((c) => `"${c}"`).join(", ")}`,
    );
  }
  if (expect && oc !== expect) {
    throw new DnsightError("INPUT", `expected an RDAP "${expect}" object, got "${oc}"`);
  }
  return oc as RdapObjectClass;
}

const hostName = (v: unknown): string | undefined => {
  if (typeof v !== "string" || v.trim() === "") return undefined;
  const name = v.trim().replace(/\.$/, "");
  return (domainToASCII(name) || name).toLowerCase();
};

function subject(json: Record<string, unknown>, oc: RdapObjectClass, name?: string): string {
  if (oc === "domain") {
    return hostName(json.ldhName) ?? hostName(json.unicodeName) ?? hostName(name) ?? "";
  }
  if (oc === "autnum") {
    const { startAutnum: start, endAutnum: end } = json;
    if (typeof start === "number") {
      return typeof end === "number" && end !== start ? `AS${start}-AS${end}` : `AS${start}`;
    }
  } else {
    // One prefix names the network; a range that is several prefixes is shown as a range.
    const cidrs = objects(json.cidr0_cidrs);
    const prefix = cidrs[0]?.v4prefix ?? cidrs[0]?.v6prefix;
    if (cidrs.length === 1 && typeof prefix === "string" && typeof cidrs[0]?.length === "number") {
      return `${prefix}/${cidrs[0].length}`;
    }
    const { startAddress: start, endAddress: end } = json;
    if (typeof start === "string" && typeof end === "string") {
      const covering = rangeToCidrs(start, end);
      return covering.length === 1 ? covering[0]! : `${start} - ${end}`;
    }
  }
  return typeof json.handle === "string" ? json.handle : (name ?? "");
}

/** Name servers once each (a Set: searching the list per entry took 42 s on 140,000). */
function nameservers(value: unknown, cut: Truncation): Nameserver[] {
  const out: Nameserver[] = [];
  const seen = new Set<string>();
  for (const ns of objects(value)) {
    const name = hostName(ns.ldhName) ?? hostName(ns.unicodeName);
    if (!name || seen.has(name)) continue;
    seen.add(name);
    if (!cut.admit("nameservers", LIMITS.nameservers)) continue;
    const ips = (ns.ipAddresses ?? {}) as Record<string, unknown>;
    out.push({
      name,
      ipv4: cut.keep("addresses", strings(ips.v4), LIMITS.addresses),
      ipv6: cut.keep("addresses", strings(ips.v6), LIMITS.addresses),
    });
  }
  return out;
}

// DS presentation form (RFC 4034 §5.3): "keyTag algorithm digestType DIGEST". The
// longest digest type (SHA-384, RFC 6605) is 96 hex digits; a "digest" of kilobytes
// is no digest and is left out before it is cleaned.
const MAX_DIGEST = 1024;
function dnssec(value: unknown, cut: Truncation): RegistrationRecord["dnssec"] {
  if (typeof value !== "object" || value === null) return { signed: false, ds: [] };
  const { delegationSigned, dsData } = value as Record<string, unknown>;
  const ds = cut
    .keep("DS records", objects(dsData), LIMITS.dsRecords)
    .flatMap((d) =>
      typeof d.keyTag === "number" &&
      typeof d.algorithm === "number" &&
      typeof d.digestType === "number" &&
      typeof d.digest === "string" &&
      d.digest.length <= MAX_DIGEST
        ? [
            `${d.keyTag} ${d.algorithm} ${d.digestType} ${d.digest.replace(/\s+/g, "").toUpperCase()}`,
          ]
        : [],
    );
  return {
    signed: delegationSigned === true || (delegationSigned === undefined && ds.length > 0),
    ds,
  };
}

/** Parses one RDAP domain, ip network or autnum response. Throws DnsightError("INPUT") on the wrong shape. */
export function parseRdap(json: unknown, options: RdapParseOptions): RegistrationRecord {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new DnsightError(
      "INPUT",
      `an RDAP response must be a JSON object, got ${describe(json)}`,
    );
  }
  const obj = json as Record<string, unknown>;
  // A fragment that shows no class is read as a domain when a domain name was asked about.
  const asked =
    options.name !== undefined && /[a-z]/i.test(options.name) && !/^as\d+$/i.test(options.name)
      ? ("domain" as const)
      : undefined;
  const oc = objectClass(obj, options.expect ?? (ipFamily(options.name ?? "") ? undefined : asked));
  const cut = new Truncation();
  const record = emptyRecord(subject(obj, oc, options.name), options.source);
  record.status = "registered";
  record.rawStatus = cut.keep("statuses", [...new Set(strings(obj.status))], LIMITS.statuses);
  if (oc === "domain") {
    // RFC 8056 maps domain statuses only; RIR networks have their own words.
    const epp = new Set(record.rawStatus.map(eppFromRdap));
    epp.delete(undefined);
    record.eppStatus = [...epp] as string[];
  }
  const events = Array.isArray(obj.events) ? cut.keep("events", obj.events, LIMITS.events) : [];
  const created = eventDate(events, "registration");
  const expires = eventDate(events, "expiration");
  const updated = eventDate(events, "last changed");
  if (created) record.created = created;
  if (expires) record.expires = expires;
  if (updated) record.updated = updated;

  const entities = readEntities(obj.entities, cut);
  if (oc === "domain") record.registrar = registrarFrom(entities);
  record.contacts = contactsFrom(entities, cut);
  applyRedactions(record.contacts, redactionLabels(obj, cut));
  const privacy = detectPrivacy(record.contacts);
  record.privacy = privacy.service
    ? { protected: privacy.protected, service: privacy.service }
    : { protected: privacy.protected };

  if (oc === "domain") {
    record.nameservers = nameservers(obj.nameservers, cut);
    record.dnssec = dnssec(obj.secureDNS, cut);
  } else {
    const network = networkFrom(obj, oc === "autnum" ? "asn" : "ip", entities, cut);
    if (network) record.network = network;
  }
  cut.mark(record);
  return record;
}
