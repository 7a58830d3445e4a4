import { DnsightError } from "../errors.js";
import type { DataComponentId, TechniqueId } from "../model/attack.js";
import type { Severity } from "../model/finding.js";

// The rule catalog: every rule an analytic may raise, with the ATT&CK technique it
// detects, the data components its evidence comes from (DC0096 passive DNS, DC0101
// registration, DC0103 active DNS), the ATT&CK analytic, the severities a finding of it
// may carry and what it means. The alert builder, the STIX export, the README table
// and the Analytics contract suite all read this table; an analytic names its rule by
// a key of it, never by a string made on the spot.

export interface RuleSpec {
  /** The ATT&CK technique ("T1584")... */
  technique: "T1583" | "T1584" | "T1665";
  /** ...and its sub-technique where there is one ("T1584.001"). */
  subTechnique?: "T1583.001" | "T1584.001" | "T1584.002";
  dataComponents: readonly DataComponentId[];
  /** The ATT&CK analytic (detect/attack.ts: one per technique). */
  analytic: string;
  /** What a finding of this rule may be rated; the first is the usual. */
  severity: readonly Severity[];
  description: string;
}

const ACTIVE = "DC0103";
const PASSIVE = "DC0096";
const REGISTRATION = "DC0101";

// T1584.002 (DNS server): the delegation and the zone's own servers.
const dnsServer = (severity: Severity[], description: string): RuleSpec => ({
  technique: "T1584",
  subTechnique: "T1584.002",
  dataComponents: [ACTIVE],
  analytic: "AN2023",
  severity,
  description,
});
// T1584.001 (domains): what the names of a watched zone lead to, and its registration.
const domain = (
  dataComponents: DataComponentId[],
  severity: Severity[],
  description: string,
): RuleSpec => ({
  technique: "T1584",
  subTechnique: "T1584.001",
  dataComponents,
  analytic: "AN1995",
  severity,
  description,
});
// T1583.001 (acquire domains): names imitating a watched brand.
const lookalike = (
  dataComponents: DataComponentId[],
  severity: Severity[],
  description: string,
): RuleSpec => ({
  technique: "T1583",
  subTechnique: "T1583.001",
  dataComponents,
  analytic: "AN2024",
  severity,
  description,
});
// T1665 (hide infrastructure).
const hide = (
  dataComponents: DataComponentId[],
  severity: Severity[],
  description: string,
): RuleSpec => ({
  technique: "T1665",
  dataComponents,
  analytic: "AN1148",
  severity,
  description,
});

export const RULES = {
  "dns.ns-changed": dnsServer(["high"], "the delegation moved to other name servers"),
  "dns.soa-primary-changed": dnsServer(["high"], "the zone's SOA primary (MNAME) changed"),
  "dns.dnssec-removed": dnsServer(["high"], "DS at the parent or DNSKEY at the zone went away"),
  "dns.ns-no-answer": dnsServer(
    ["low"],
    "a name server gave no answer (timeout, network error); not counted as lame",
  ),
  "dns.lame-delegation": dnsServer(
    ["medium"],
    "a name server has no address, refuses, fails or answers without authority",
  ),
  "dns.servers-disagree": dnsServer(
    ["high"],
    "the zone's authoritative servers give different apex addresses",
  ),
  "dns.resolver-disagrees": dnsServer(
    ["high"],
    "the resolver's apex addresses are not those of the zone's own servers",
  ),
  "dns.dangling-ns": domain(
    [ACTIVE],
    ["critical"],
    "a name server's own name does not exist: whoever registers it takes the zone",
  ),
  "dns.dangling-cname": domain(
    [ACTIVE],
    ["high", "critical"],
    "an alias points at a name that does not exist (critical under a service anyone can claim)",
  ),
  "dns.takeover-fingerprint": domain(
    [ACTIVE],
    ["high", "critical"],
    "an alias leads to a service page saying its resource is unclaimed (monitor --http)",
  ),
  "dns.new-address": domain(
    [ACTIVE, PASSIVE],
    ["low", "high"],
    "a name resolves to an address never seen for it (high in a new network or country)",
  ),
  "dns.subdomain-elsewhere": domain(
    [ACTIVE, PASSIVE],
    ["medium"],
    "a subdomain resolves into a country or network its apex never used",
  ),
  "registration.registrar-changed": domain([REGISTRATION], ["high"], "the registrar changed"),
  "registration.registrant-changed": domain(
    [REGISTRATION],
    ["high"],
    "the registrant organisation changed",
  ),
  "registration.locks-removed": domain(
    [REGISTRATION],
    ["high"],
    "transfer, update or delete locks were lifted",
  ),
  "registration.hold-added": domain(
    [REGISTRATION],
    ["high", "medium"],
    "the domain was put on hold or on its way to deletion",
  ),
  "registration.nameservers-changed": domain(
    [REGISTRATION],
    ["medium"],
    "the registered name servers changed",
  ),
  "registration.expiry-pulled-in": domain(
    [REGISTRATION],
    ["medium"],
    "the expiry date moved earlier",
  ),
  "lookalike.seen": lookalike(
    [ACTIVE, PASSIVE],
    ["medium", "high"],
    "a name imitating a watched brand is in DNS data or a feed",
  ),
  "lookalike.newly-registered": lookalike(
    [REGISTRATION],
    ["high"],
    "a lookalike was registered in the last 30 days",
  ),
  "lookalike.privacy-at-creation": lookalike(
    [REGISTRATION],
    ["medium"],
    "a new lookalike hides its registrant from the start",
  ),
  "lookalike.shared-nameservers": lookalike(
    [REGISTRATION],
    ["high"],
    "a lookalike shares name servers with domains already alerted on",
  ),
  "dns.fast-flux": hide(
    [ACTIVE, PASSIVE],
    ["high"],
    "many short-lived addresses over many networks (Holz et al. flux score > 0)",
  ),
  "dns.ns-churn": hide(
    [ACTIVE],
    ["medium"],
    "the delegation changed three times or more in 30 days",
  ),
  "registration.privacy-enabled": hide(
    [REGISTRATION],
    ["medium"],
    "the registrant is now hidden behind a privacy service",
  ),
} as const satisfies Record<string, RuleSpec>;

export type RuleId = keyof typeof RULES;

export const RULE_IDS = Object.keys(RULES) as RuleId[];

export const isRuleId = (id: string): id is RuleId => Object.hasOwn(RULES, id);

/** The ATT&CK id an alert of the rule carries: the sub-technique where there is one. */
export const attackId = (r: RuleSpec): TechniqueId => r.subTechnique ?? r.technique;

/** The rule's entry; a rule outside the catalog is a programming error. */
export function ruleSpec(id: string): RuleSpec {
  if (!isRuleId(id))
    throw new DnsightError("INTERNAL", `rule "${id}" is not in the catalog (detect/rules.ts)`);
  return RULES[id];
}
