import { requirePart } from "../store/require-part.js";
import { raiseFindings } from "../detect/raise.js";
import type { TakeoverFingerprint } from "../detect/takeover-fingerprints.js";
import type { StubClient } from "../dns/client/stub.js";
import type { Alert } from "../model/alert.js";
import type { Finding } from "../model/finding.js";
import type { IpLookup } from "../model/ip-facts.js";
import type { RegistrationRecord } from "../model/registration.js";
import type { RegistrationLookupOptions } from "../registration/lookup.js";
import type { Store, Watch } from "../store/types.js";
import { dnsCheck, lookalikeCheck, registrationCheck, type DnsMemory } from "./checks.js";
import { LEASE_SECONDS, monitorOwner, underLease } from "./lease.js";
import type { Schedule } from "./schedule.js";
import { readNamePass, recordNamePass, recordWholePass, type CheckFailure } from "./status.js";
import type { TakeoverProbeOptions } from "./takeover-pages.js";

// One monitor pass over the watchlist: for each name, a look at its DNS (delegation,
// every authoritative server, apex and known subdomains) and a registration snapshot,
// each stored, then the analytics over what changed since the last pass. A collector
// that fails (no network, a registry down) is reported and the rest still runs. Each
// check is claimed before it runs (./lease.ts): of monitors sharing the store, one
// runs it, and the others skip it.

export type CheckName = "dns" | "registration" | "lookalikes";

export interface MonitorDeps {
  store: Store;
  /** The resolver, or a parent zone's server, for delegations and CNAME targets. */
  resolver: StubClient;
  /** A client for one authoritative address. */
  direct: (address: string) => StubClient;
  /** Registration sources; without them the registration check is skipped. */
  registration?: RegistrationLookupOptions;
  ipLookup?: IpLookup;
  fingerprints: readonly TakeoverFingerprint[];
  /**
   * Also ask aliased hosts over HTTP for a service's "unclaimed" page (monitor --http);
   * options say which private addresses the probe may reach (none by default).
   */
  http?: boolean | TakeoverProbeOptions;
  now?: () => Date;
  /** Subdomains from passive history looked at per name (default 50). */
  maxSubdomains?: number;
  /** Who claims the checks (default: this process, monitorOwner()). */
  owner?: string;
  /** Seconds a claim lasts unless renewed (default LEASE_SECONDS). */
  leaseSeconds?: number;
}

export interface PassReport {
  /** Names looked at (their due checks run). */
  names: number;
  checks: number;
  findings: number;
  /** Alerts made by this pass, or closed ones it opened again: what gets delivered. */
  raised: Alert[];
  /** Alerts found again (lastSeen moved). */
  seenAgain: number;
  /** "name: check: why" for every collector that failed. */
  failures: string[];
  /** The same failures, one object each. */
  failed: Array<CheckFailure & { name: string }>;
  /** Names of the watchlist the pass did not reach (told to stop). */
  unchecked: string[];
  /** Due checks skipped because another monitor sharing the store runs them now. */
  heldElsewhere: number;
  /** Due checks skipped because another monitor ran them since this one read them. */
  ranElsewhere: number;
}

/** How one pass goes beyond which checks are due. */
export interface PassOptions {
  /** When each check falls due next (a running monitor's schedule), kept for the status. */
  next?: Schedule["next"];
  /** Only these watched names (stored form). */
  names?: ReadonlySet<string>;
  /** Asked before each name: true stops the pass there (a deadline, an interrupt). */
  stop?: () => boolean;
}

/** Runs the `due` checks of every watched name (all of them for `monitor --once`). */
export async function monitorPass(
  d: MonitorDeps,
  due: (w: Watch, check: CheckName, lastAt: number | undefined) => boolean = () => true,
  o: PassOptions = {},
): Promise<PassReport> {
  const watches = requirePart(d.store, "watches");
  requirePart(d.store, "alerts");
  const report: PassReport = {
    names: 0,
    checks: 0,
    findings: 0,
    raised: [],
    seenAgain: 0,
    failures: [],
    failed: [],
    unchecked: [],
    heldElsewhere: 0,
    ranElsewhere: 0,
  };
  const nowS = (): number => Math.floor((d.now ?? (() => new Date()))().getTime() / 1000);
  const lease = {
    owner: d.owner ?? monitorOwner(),
    leaseSeconds: d.leaseSeconds ?? LEASE_SECONDS,
    now: nowS,
  };
  const list = (await watches.listWatches()).filter((w) => !o.names || o.names.has(w.name));
  for (const [i, w] of list.entries()) {
    if (o.stop?.()) {
      report.unchecked = list.slice(i).map((x) => x.name);
      break;
    }
    report.names++;
    const findings: Finding[] = [];
    const before = await readNamePass(watches, w.name);
    const ran: CheckName[] = [];
    const failed: CheckFailure[] = [];
    let next: number | undefined;
    // Owned and third-party names: their DNS and registration. Brands: who imitates them.
    const checks: CheckName[] = w.kind === "brand" ? ["lookalikes"] : ["dns", "registration"];
    let elsewhere = false;
    for (const check of checks) {
      if (check === "registration" && !d.registration) continue;
      let last = await watches.getMonitorState(w.name, check);
      let lastAt = last?.at;
      const claim = due(w, check, lastAt)
        ? await watches.claimCheck(w.name, check, {
            owner: lease.owner,
            leaseSeconds: lease.leaseSeconds,
            at: nowS(),
            lastRun: lastAt,
          })
        : undefined;
      if (claim === "held" || claim === "ran") {
        elsewhere = true;
        if (claim === "held") report.heldElsewhere++;
        else report.ranElsewhere++;
        // Its newest run, for when it falls due next.
        lastAt = (await watches.getMonitorState(w.name, check))?.at ?? lastAt;
      } else if (claim === "claimed") {
        // Read again under the lease: the newest data, whoever stored it.
        last = await watches.getMonitorState(w.name, check);
        report.checks++;
        ran.push(check);
        try {
          findings.push(
            ...(await underLease(watches, w.name, check, lease, () =>
              check === "dns"
                ? dnsCheck(d, w, last?.data as DnsMemory | undefined)
                : check === "registration"
                  ? registrationCheck(d, w, last?.data as RegistrationRecord | undefined)
                  : lookalikeCheck(d, w),
            )),
          );
          lastAt = nowS();
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          report.failures.push(`${w.name}: ${check}: ${message}`);
          failed.push({ check, at: nowS(), message });
          report.failed.push({ name: w.name, check, at: nowS(), message });
        }
      }
      if (o.next) next = Math.min(next ?? Infinity, o.next(w, check, lastAt));
    }
    // A failed check is due again at once: a running monitor retries it on its next tick.
    const nextCheck =
      o.next && next !== undefined
        ? Math.max(Math.ceil(next), nowS())
        : (before?.nextCheck ?? null);
    // A name another monitor has in hand is that monitor's to record.
    const record = ran.length > 0 || (!elsewhere && nextCheck !== (before?.nextCheck ?? null));
    if (record)
      await recordNamePass(watches, w.name, before, { at: nowS(), ran, failed, nextCheck });
    const raised = await raiseFindings(d.store, findings, (d.now ?? (() => new Date()))());
    report.findings += findings.length;
    report.raised.push(...raised);
    report.seenAgain += findings.length - raised.length;
  }
  if (report.checks > 0) await recordWholePass(watches, nowS());
  return report;
}
