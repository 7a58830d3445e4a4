import { requirePart } from "../store/require-part.js";
import type { Store, WatchKind, WatchStore } from "../store/types.js";
import type { CheckName } from "./pass.js";

// What the monitor tells about itself (GET /api/v1/monitor): per watched name the
// last pass that checked it, when a running monitor checks it next, and the checks
// whose latest run failed; and the last pass of all. Kept in the monitor state beside
// each check's own memory, under a check name no check has (PASS), so it goes when
// the name stops being watched; the monitor as a whole under the empty name, which
// no watched name can be.

const PASS = "pass";
const WHOLE = "";

export interface CheckFailure {
  check: CheckName;
  /** Epoch seconds. */
  at: number;
  message: string;
}

/** The pass row of a name. */
export interface NamePass {
  /** Epoch seconds of the last pass that ran one of its checks. */
  lastPass: number | null;
  /** Epoch seconds; null until a running monitor (`dnsight monitor`) reckoned it. */
  nextCheck: number | null;
  /** The checks whose latest run failed, one each. */
  failures: CheckFailure[];
}

export interface NameStatus extends NamePass {
  name: string;
  kind: WatchKind;
}

export interface MonitorStatus {
  watches: NameStatus[];
  /** Epoch seconds of the last pass that ran a check; null before the first. */
  lastPass: number | null;
}

export async function readNamePass(w: WatchStore, name: string): Promise<NamePass | undefined> {
  return (await w.getMonitorState(name, PASS))?.data as NamePass | undefined;
}

/**
 * Records a name's pass: the checks that ran now (`ran`) replace their earlier
 * failures with this run's (`failed`); the rest stand until their check runs again.
 */
export async function recordNamePass(
  w: WatchStore,
  name: string,
  before: NamePass | undefined,
  pass: { at: number; ran: readonly CheckName[]; failed: CheckFailure[]; nextCheck: number | null },
): Promise<void> {
  const kept = (before?.failures ?? []).filter((f) => !pass.ran.includes(f.check));
  const row: NamePass = {
    lastPass: pass.ran.length > 0 ? pass.at : (before?.lastPass ?? null),
    nextCheck: pass.nextCheck,
    failures: [...kept, ...pass.failed],
  };
  await w.putMonitorState(name, PASS, pass.at, row);
}

export async function recordWholePass(w: WatchStore, at: number): Promise<void> {
  await w.putMonitorState(WHOLE, PASS, at, { at });
}

/** The monitor's status from the store, every watched name by name. */
export async function monitorStatus(store: Store): Promise<MonitorStatus> {
  const w = requirePart(store, "watches");
  const watches: NameStatus[] = [];
  for (const x of await w.listWatches()) {
    const p = await readNamePass(w, x.name);
    watches.push({
      name: x.name,
      kind: x.kind,
      lastPass: p?.lastPass ?? null,
      nextCheck: p?.nextCheck ?? null,
      failures: p?.failures ?? [],
    });
  }
  return { watches, lastPass: (await w.getMonitorState(WHOLE, PASS))?.at ?? null };
}
