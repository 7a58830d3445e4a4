import { TECHNIQUES } from "../detect/attack.js";
import { isRuleId, RULES } from "../detect/rules.js";
import type { Alert } from "../model/alert.js";
import type { TechniqueId } from "../model/attack.js";
import { ownId, scoId } from "./stix-ids.js";
import { ipFamily } from "../net/ip.js";

// Alerts as a STIX 2.1 bundle an analyst can load into OpenCTI or MISP: per alert an
// indicator (a pattern on the domain), the observed-data with the domain-name and the
// addresses in its evidence, a sighting of the indicator, and a relationship from the
// indicator to the ATT&CK attack-pattern it points at, carried with its ATT&CK id. The
// indicator says what its rule means, from the catalog (detect/rules.ts); an alert
// stored by an older dnsight, of a rule no longer in it, keeps its bare id.

type StixObject = Record<string, unknown> & { type: string; id: string };

const SPEC = "2.1";
/** When the dnsight identity was first published: a constant, so its id and body never change. */
const IDENTITY_CREATED = "2026-01-01T00:00:00.000Z";
const IDENTITY_ID = ownId("identity", "dnsight");

// The ATT&CK objects' own timestamps, from the ATT&CK release the ids come from.
const ATTACK_CREATED: Record<TechniqueId, string> = {
  T1583: "2020-09-30T16:37:40.271Z",
  "T1583.001": "2020-09-30T17:09:31.878Z",
  T1584: "2020-10-01T00:36:30.759Z",
  "T1584.001": "2020-10-01T00:51:28.513Z",
  "T1584.002": "2020-10-01T00:54:30.869Z",
  T1665: "2024-02-13T17:00:00.175Z",
};

function identity(): StixObject {
  return {
    type: "identity",
    spec_version: SPEC,
    id: IDENTITY_ID,
    created: IDENTITY_CREATED,
    modified: IDENTITY_CREATED,
    name: "dnsight",
    identity_class: "system",
    description: "dnsight domain-name intelligence: active DNS, passive DNS and registration data",
  };
}

function attackPattern(t: TechniqueId): StixObject {
  const x = TECHNIQUES[t];
  return {
    type: "attack-pattern",
    spec_version: SPEC,
    id: x.stixId,
    created: ATTACK_CREATED[t],
    modified: ATTACK_CREATED[t],
    name: x.name,
    external_references: [
      {
        source_name: "mitre-attack",
        external_id: x.id,
        url: `https://attack.mitre.org/techniques/${x.id.replace(".", "/")}`,
      },
    ],
  };
}

/** IP addresses named anywhere in the evidence. */
function addressesIn(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === "string") {
    const ip = value.replace(/ \(.*\)$/, "");
    if (ipFamily(ip)) out.add(ip);
  } else if (Array.isArray(value)) for (const v of value) addressesIn(v, out);
  return out;
}

/** A STIX pattern string literal: backslash and quote escaped. */
const literal = (s: string): string => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

function alertObjects(a: Alert): StixObject[] {
  const domain: StixObject = {
    type: "domain-name",
    spec_version: SPEC,
    id: scoId("domain-name", a.entity),
    value: a.entity,
  };
  const ips = new Set<string>();
  for (const e of a.evidence) {
    addressesIn(e.before, ips);
    addressesIn(e.after, ips);
  }
  const addresses: StixObject[] = [...ips].sort().map((ip) => {
    const type = ipFamily(ip) === 6 ? "ipv6-addr" : "ipv4-addr";
    return { type, spec_version: SPEC, id: scoId(type, ip), value: ip };
  });
  const attack = a.techniques.map((t) => TECHNIQUES[t]);
  const refs = attack.map((t) => ({
    source_name: "mitre-attack",
    external_id: t.id,
    url: `https://attack.mitre.org/techniques/${t.id.replace(".", "/")}`,
  }));
  const indicator: StixObject = {
    type: "indicator",
    spec_version: SPEC,
    id: ownId("indicator", a.id),
    created_by_ref: IDENTITY_ID,
    created: a.firstSeen,
    modified: a.lastSeen,
    name: a.summary,
    description: `${a.rule}${isRuleId(a.rule) ? `: ${RULES[a.rule].description}` : ""} (${a.analytics.join(", ")}; data components ${a.dataComponents.join(", ")}); severity ${a.severity}; dnsight alert ${a.id}`,
    indicator_types: [a.techniques[0]!.startsWith("T1583") ? "malicious-activity" : "compromised"],
    pattern: `[domain-name:value = ${literal(a.entity)}]`,
    pattern_type: "stix",
    pattern_version: SPEC,
    valid_from: a.firstSeen,
    confidence: a.confidence,
    labels: [a.severity, a.rule],
    external_references: refs,
  };
  const observed: StixObject = {
    type: "observed-data",
    spec_version: SPEC,
    id: ownId("observed-data", a.id),
    created_by_ref: IDENTITY_ID,
    created: a.firstSeen,
    modified: a.lastSeen,
    first_observed: a.firstSeen,
    last_observed: a.lastSeen,
    number_observed: a.count,
    object_refs: [domain.id, ...addresses.map((x) => x.id)],
  };
  const relationships: StixObject[] = attack.map((t) => ({
    type: "relationship",
    spec_version: SPEC,
    id: ownId("relationship", `${a.id} indicates ${t.id}`),
    created_by_ref: IDENTITY_ID,
    created: a.firstSeen,
    modified: a.lastSeen,
    relationship_type: "indicates",
    source_ref: indicator.id,
    target_ref: t.stixId,
  }));
  const sighting: StixObject = {
    type: "sighting",
    spec_version: SPEC,
    id: ownId("sighting", a.id),
    created_by_ref: IDENTITY_ID,
    created: a.firstSeen,
    modified: a.lastSeen,
    first_seen: a.firstSeen,
    last_seen: a.lastSeen,
    count: a.count,
    sighting_of_ref: indicator.id,
    observed_data_refs: [observed.id],
    where_sighted_refs: [IDENTITY_ID],
  };
  return [indicator, domain, ...addresses, observed, ...relationships, sighting];
}

/** The bundle for `alerts`; its id is derived from theirs, so the same alerts give the same bundle. */
export function stixBundle(alerts: readonly Alert[]): {
  type: "bundle";
  id: string;
  objects: StixObject[];
} {
  const objects = new Map<string, StixObject>();
  const add = (o: StixObject): void => void (objects.has(o.id) || objects.set(o.id, o));
  add(identity());
  for (const a of alerts) {
    for (const t of a.techniques) add(attackPattern(t));
    for (const o of alertObjects(a)) add(o);
  }
  return {
    type: "bundle",
    id: ownId("bundle", alerts.map((a) => `${a.id}@${a.lastSeen}`).join(",")),
    objects: [...objects.values()],
  };
}
