import { dnsChangeFindings } from "../detect/dns-change.js";
import { fastFluxFindings } from "../detect/fast-flux.js";
import { hostChangeFindings } from "../detect/host-change.js";
import { registrationChangeFindings } from "../detect/registration-change.js";
import { registrationRiskFindings } from "../detect/registration-risk.js";
import { lookalikeRegistrationFindings } from "../detect/lookalike-registration.js";
import {
  lookalikeSeenFinding,
  sharedNameserverFinding,
  type SeenHit,
} from "../detect/lookalike-seen.js";
import { nsChurnFindings } from "../detect/ns-churn.js";
import { takeoverFingerprint } from "../detect/takeover-page.js";
import { DnsightError } from "../errors.js";
import { generate } from "../lookalike/generate.js";
import { ALERT_SCORE, BrandMatcher } from "../lookalike/match.js";
import type { DnsState } from "../model/dns-state.js";
import type { Finding } from "../model/finding.js";
import type { Observation } from "../model/observation.js";
import type { RegistrationRecord } from "../model/registration.js";
import { pdnsSearch } from "../passive/search.js";
import { lookupRegistration, type RegistrationLookup } from "../registration/lookup.js";
import { parseTarget } from "../registration/target.js";
import { normaliseObservation } from "../store/observation.js";
import type { Store, Watch } from "../store/types.js";
import { collectDnsState } from "./dns-state.js";
import type { MonitorDeps } from "./pass.js";
import { collectPages, pageFetcher } from "./takeover-pages.js";

// The checks of a monitor pass, one per kind of watched name: a name's DNS (its
// delegation, every authoritative server, apex and known subdomains) and its
// registration, and a brand's lookalikes seen in DNS data. Each stores what it saw
// and returns its findings; a failure is thrown for the pass to report.

export interface DnsMemory {
  state: DnsState;
  /** When the NS set changed, ISO times, for the churn analytic. */
  nsChanges: string[];
}

export async function dnsCheck(
  d: MonitorDeps,
  w: Watch,
  before: DnsMemory | undefined,
): Promise<Finding[]> {
  const now = (d.now ?? (() => new Date()))();
  const at = now.toISOString();
  const { subdomains, passive } = await knownSubdomains(d, w.name);
  const state = await collectDnsState(w.name, {
    resolver: d.resolver,
    direct: d.direct,
    subdomains,
  });
  // History is read before this pass's answers are stored: "never seen" means before now.
  const history = new Map<string, Set<string>>();
  for (const h of state.hosts) history.set(h.name, await addressesSeen(d.store, h.name));
  const findings = [
    ...dnsChangeFindings(before?.state, state, at),
    ...hostChangeFindings({
      now: state,
      history,
      passive,
      fingerprints: d.fingerprints,
      at,
      ...(d.ipLookup ? { ipLookup: d.ipLookup } : {}),
    }),
  ];
  // Fast flux counts every address a name has had: now, in passive DNS, in earlier passes.
  const allSeen = new Map<string, Set<string>>(
    state.hosts.map((h) => [
      h.name,
      new Set([...(history.get(h.name) ?? []), ...(passive.get(h.name) ?? [])]),
    ]),
  );
  findings.push(...fastFluxFindings(state, allSeen, d.ipLookup, at));
  if (d.http) {
    const fetch = pageFetcher(d.http === true ? {} : d.http);
    const pages = await collectPages(state, d.fingerprints, fetch);
    findings.push(...takeoverFingerprint.run({ state, fingerprints: d.fingerprints, pages, at }));
  }
  const nsChanges = [...(before?.nsChanges ?? [])];
  if (before && before.state.ns.join() !== state.ns.join() && state.ns.length > 0)
    nsChanges.push(at);
  const recent = nsChanges.filter((t) => Date.parse(t) > now.getTime() - 30 * 86_400_000);
  findings.push(...nsChurnFindings(state.name, recent, at));
  await d.store.writeObservations(activeObservations(state, Math.floor(now.getTime() / 1000)));
  await d.store.watches!.putMonitorState(w.name, "dns", Math.floor(now.getTime() / 1000), {
    state,
    nsChanges: recent,
  } satisfies DnsMemory);
  return findings;
}

export async function registrationCheck(
  d: MonitorDeps,
  w: Watch,
  before: RegistrationRecord | undefined,
): Promise<Finding[]> {
  const now = (d.now ?? (() => new Date()))();
  const got = await fetchRegistration(d, w.name);
  const record = got.record;
  if (record.status === "throttled" || record.status === "unknown")
    throw new DnsightError(
      "NETWORK",
      `registration answer was ${record.status}${got.notes.length ? ` (${got.notes.join("; ")})` : ""}`,
    );
  const findings = [
    ...(before ? registrationChangeFindings(before, record) : []),
    ...registrationRiskFindings(before, record, now),
  ];
  await d.store.watches!.putMonitorState(
    w.name,
    "registration",
    Math.floor(now.getTime() / 1000),
    record,
  );
  return findings;
}

/** Lookalikes of a brand (and of each domain it owns) that DNS data shows in use, with their registrations (T1583.001). */
export async function lookalikeCheck(d: MonitorDeps, w: Watch): Promise<Finding[]> {
  const now = (d.now ?? (() => new Date()))();
  const owned = w.owned ?? [];
  // minScore 0: the matcher's reading of every candidate, to drop the ones it scores as
  // no imitation (a common word one edit away) and explain the rest.
  const matcher = new BrandMatcher([w.name], {
    owned: owned.map((name) => ({ name })),
    minScore: 0,
  });
  const skip = new Set([w.name, ...owned]);
  const findings: Finding[] = [];
  let looked = 0;
  for (const c of [w.name, ...owned].flatMap((origin) =>
    generate(origin).map((c) => ({ ...c, origin })),
  )) {
    if (skip.has(c.domain)) continue;
    skip.add(c.domain);
    const seen = await d.store.queryObservations({ rrname: c.domain, limit: 1 });
    const o = seen[0];
    if (!o) continue;
    const read = matcher.match(c.domain)[0];
    if (read && read.score < ALERT_SCORE) continue;
    const hit: SeenHit = read ?? {
      name: c.domain,
      brand: w.name,
      method: c.fuzzers[0]!,
      score: 0.7,
      reason: `a candidate the ${c.fuzzers.join(", ")} fuzzer makes from ${c.origin}`,
    };
    findings.push(
      lookalikeSeenFinding(
        hit,
        o.source === "active" ? "active" : "passive",
        `${o.rrtype} ${o.rdata}, seen ${o.count}× until ${new Date(o.timeLast * 1000).toISOString()}`,
      ),
    );
    if (!d.registration || looked >= MAX_LOOKALIKE_REGISTRATIONS) continue;
    looked++;
    const got = await fetchRegistration(d, c.domain);
    findings.push(...lookalikeRegistrationFindings(hit, got.record, now));
    const ns = got.record.nameservers.map((n) => n.name);
    const shared = ns.length
      ? sharedNameserverFinding(hit, ns, await alertedNameservers(d.store))
      : undefined;
    if (shared) findings.push(shared);
  }
  await d.store.watches!.putMonitorState(w.name, "lookalikes", Math.floor(now.getTime() / 1000), {
    found: findings.length,
  });
  return findings;
}

/** Name servers of the domains with a T1583.001 alert, from their newest registration snapshot. */
async function alertedNameservers(store: Store): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const a of (await store.alerts?.listAlerts({ techniques: ["T1583.001"], limit: 10_000 })) ??
    []) {
    if (out.has(a.entity)) continue;
    const snap = await store.registrations?.latestSnapshot(a.entity);
    if (snap)
      out.set(
        a.entity,
        snap.record.nameservers.map((n) => n.name),
      );
  }
  return out;
}

/** Registration lookups for a brand's lookalikes in one pass (registries are slow and strict). */
const MAX_LOOKALIKE_REGISTRATIONS = 50;

/** A registration fetched and kept as a snapshot, whatever it says (history is every fetch). */
async function fetchRegistration(d: MonitorDeps, name: string): Promise<RegistrationLookup> {
  const got = await lookupRegistration(parseTarget(name), d.registration);
  await d.store.registrations?.writeSnapshots([
    {
      key: name,
      fetchedAt: Math.floor(Date.parse(got.record.source.fetchedAt) / 1000),
      record: got.record,
      raw: got.raw,
    },
  ]);
  return got;
}

/** Subdomains passive DNS knows under `name`, with the addresses sensors saw for them. */
async function knownSubdomains(
  d: MonitorDeps,
  name: string,
): Promise<{ subdomains: string[]; passive: Map<string, string[]> }> {
  const page = await pdnsSearch(d.store, { query: `*.${name}`, limit: 1000 });
  const passive = new Map<string, string[]>();
  const names = new Set<string>();
  for (const o of page.rows) {
    if (o.rrname === name) continue;
    names.add(o.rrname);
    if (o.source === "passive" && (o.rrtype === "A" || o.rrtype === "AAAA"))
      passive.set(o.rrname, [...(passive.get(o.rrname) ?? []), o.rdata]);
  }
  return { subdomains: [...names].sort().slice(0, d.maxSubdomains ?? 50), passive };
}

async function addressesSeen(store: Store, name: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (const rrtype of ["A", "AAAA"])
    for (const o of await store.queryObservations({ rrname: name, rrtype })) out.add(o.rdata);
  return out;
}

/** What the pass saw, as active-DNS observations (bailiwick: the zone). */
function activeObservations(s: DnsState, t: number): Observation[] {
  const rows: Observation[] = [];
  const add = (rrname: string, rrtype: string, rdata: string): void => {
    rows.push(
      normaliseObservation(
        { rrname, rrtype, rdata, bailiwick: s.zone, timeFirst: t, source: "active" },
        "monitor",
      ),
    );
  };
  for (const ns of s.ns) add(s.zone, "NS", `${ns}.`);
  for (const ds of s.ds) add(s.name, "DS", ds);
  for (const h of s.hosts) {
    for (const a of h.a) if (!h.cname) add(h.name, "A", a);
    for (const a of h.aaaa) if (!h.cname) add(h.name, "AAAA", a);
    if (h.cname) add(h.name, "CNAME", `${h.cname}.`);
  }
  return rows;
}
