// The shapes the UI reads from /api/v1 (the OpenAPI document at /api/v1/openapi.json
// is their source; the store's own types are imported where the API passes them
// through unchanged). Types only: nothing here is bundled.
export type { Observation } from "../../src/model/observation.js";
import type { Observation } from "../../src/model/observation.js";

export interface SearchPage {
  rows: Observation[];
  next?: string;
}

export interface Timeline {
  interval: "day" | "week";
  buckets: number[];
  series: Array<{
    rrtype: string;
    rdata: string;
    count: number;
    rows: number;
    timeFirst: number;
    timeLast: number;
    live: number[];
  }>;
  rowsRead: number;
  otherSeries: number;
  clipped: boolean;
  limited?: "rows" | "time";
}

export interface Evidence {
  source: string;
  what: string;
  before?: unknown;
  after?: unknown;
  at?: string;
  ref?: string;
}

export interface AlertNote {
  at: string;
  user: string;
  action: "acknowledged" | "closed" | "reopened";
  comment?: string;
}

export interface Alert {
  id: string;
  rule: string;
  techniques: string[];
  dataComponents: string[];
  analytics: string[];
  severity: string;
  confidence: number;
  entity: string;
  summary: string;
  evidence: Evidence[];
  firstSeen: string;
  lastSeen: string;
  count: number;
  status: "open" | "acknowledged" | "closed";
  notes?: AlertNote[];
}

export interface AlertPage {
  alerts: Alert[];
  next?: string;
  limited?: string;
}

export interface CurrentRecord {
  value: string;
  lastSeen: number;
  asn?: { number: number; name: string } | null;
  country?: string | null;
}

export interface DomainSummary {
  name: string;
  registration: {
    registrar?: string;
    created?: string;
    expires?: string;
    updated?: string;
    status: string[];
    privacy: boolean;
    fetchedAt?: string;
  } | null;
  current: Record<"A" | "AAAA" | "NS" | "MX", CurrentRecord[]>;
  openAlerts: number;
}

export interface NameOnIp {
  name: string;
  type: string;
  firstSeen: number;
  lastSeen: number;
  count: number;
}

export interface IpFacts {
  ip: string;
  ptr: string[];
  asn: { number: number; name: string } | null;
  country: string | null;
  names: NameOnIp[];
  truncated?: boolean;
}

export interface Neighbours {
  network: string;
  ips: Array<{ ip: string; names: string[] }>;
  truncated?: boolean;
}

export interface Watch {
  name: string;
  kind: "owned" | "brand" | "third-party";
  [field: string]: unknown;
}

export interface MonitorStatus {
  lastPass: string | null;
  watches: Array<{
    name: string;
    kind: string;
    lastPass: string | null;
    nextCheck: string | null;
    failures: Array<{ check: string; at: string; message: string }>;
  }>;
}

export interface UserInfo {
  name: string;
  role: "admin" | "analyst" | "reader";
  createdAt: number;
  disabled: boolean;
  [field: string]: unknown;
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  role: "read" | "admin";
  createdAt: number;
  revokedAt?: number;
  user?: string;
}

export interface AuditEntryView {
  id: string;
  /** Epoch milliseconds. */
  at: number;
  /** user:NAME, key:ID or cli:LOGIN. */
  actor: string;
  action: string;
  target?: string;
  outcome: "ok" | "denied" | "failed";
  detail?: string;
}

export interface DnsRecordView {
  name: string;
  type: string;
  ttl: number;
  data: string;
}

export interface AuthoritativeAnswer {
  status: string;
  resolver: string;
  nameserver: string;
  answers: DnsRecordView[];
  issues: string[];
  disagrees: boolean;
  flags: { aa: boolean };
}

export interface AuthoritativeView {
  name: string;
  reports: Array<{
    type: string;
    zone: string;
    nameservers: string[];
    consistent: boolean;
    answers: AuthoritativeAnswer[];
  }>;
}

export interface RegistrationRecordView {
  domain: string;
  status: string;
  eppStatus: string[];
  created?: string;
  updated?: string;
  expires?: string;
  registrar: { name?: string; ianaId?: string };
  contacts: Array<{ role?: string; name?: string; organization?: string; [k: string]: unknown }>;
  nameservers: Array<{ name: string }>;
  privacy: { protected: boolean; service?: string };
}

export interface RegistrationSnapshots {
  snapshots: Array<{
    key: string;
    fetchedAt: number;
    source: "rdap" | "whois";
    record: RegistrationRecordView;
  }>;
}

type Value = string | string[] | boolean;

export interface RegistrationDiffs {
  diffs: Array<{
    from: number;
    to: number;
    changes: Array<{ field: string; change: string; before?: Value; after?: Value }>;
  }>;
}

/** GET /registrations?party=&name=: the keys a registrar or registrant holds now. */
export interface PartyKeys {
  party: "registrar" | "registrant";
  name: string;
  keys: string[];
  next?: string;
}

export interface Subdomains {
  names: Array<{ name: string; firstSeen: number; lastSeen: number; count: number }>;
  next?: string;
}

export interface Lookalikes {
  domain: string;
  candidates: Array<{
    name: string;
    unicode: string;
    fuzzers: string[];
    seen: { count: number; lastSeen: number } | null;
    registered: boolean;
  }>;
  generated: number;
  found: number;
  truncated: boolean;
}

export interface MonitorCheckResult {
  checked: string[];
  checks: number;
  alerts: unknown[];
  seenAgain: number;
  failures: Array<{ name: string; check: string; at: string; message: string }>;
  unchecked: string[];
}

export interface Suggestions {
  names: string[];
}
