import { readdirSync, readFileSync } from "node:fs";
import { raiseFindings } from "../detect/raise.js";
import { registrationChangeFindings } from "../detect/registration-change.js";
import { DnsightError } from "../errors.js";
import type { RegistrationRecord } from "../model/registration.js";
import { parseRdap } from "../registration/rdap/parse.js";
import type { Store, WatchKind } from "../store/types.js";
import { isoFromSeconds, isoToSecond } from "../util/time.js";
import { ingestInput } from "./ingest.js";
import { fromRoot } from "../package-root.js";

// The demo's data: the samples shipped in the package (samples/demo/, made by
// scripts/make-demo-samples.mjs) put in a store the way real data gets there. The
// watchlist is added first; the registration snapshots are parsed by the RDAP parser
// and each change run through the registration analytics; the passive DNS is
// ingested as COF with the ingest analytics on (lookalikes of the watched brand). So
// the alerts the demo shows are raised by the same rules as in use. Every sample time
// is moved so that the newest is an hour before `now`.

export const DEMO_SAMPLES = `${fromRoot("samples", "demo")}/`;

/** The newest time in the samples (scripts/make-demo-samples.mjs T0). */
const SAMPLES_T0 = 1_790_000_000;

export interface DemoLoad {
  watches: number;
  snapshots: number;
  observations: number;
  alerts: number;
}

interface WatchSample {
  name: string;
  kind: WatchKind;
  owned?: string[];
}

interface SnapshotSample {
  key: string;
  fetchedAt: number;
  rdap: unknown;
}

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch (e) {
    throw new DnsightError("INPUT", `demo sample ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** COF lines with every time moved by `shift` seconds. */
async function* shiftedCof(path: string, shift: number): AsyncIterable<Buffer> {
  const lines = readFileSync(path, "utf8").split("\n");
  for (const line of lines) {
    if (line.trim() === "") continue;
    const o = JSON.parse(line) as Record<string, unknown>;
    for (const k of ["time_first", "time_last"])
      if (typeof o[k] === "number") o[k] = (o[k] as number) + shift;
    yield Buffer.from(`${JSON.stringify(o)}\n`);
  }
}

/** The RDAP answer with its event dates (registration, expiration, last changed) moved by `shift` s. */
function shiftedRdap(rdap: unknown, shift: number): unknown {
  const o = rdap as { events?: Array<{ eventDate?: string }> };
  for (const e of o.events ?? [])
    if (typeof e.eventDate === "string")
      e.eventDate = isoToSecond(Date.parse(e.eventDate) + shift * 1000);
  return rdap;
}

export async function loadDemo(
  store: Store,
  now = Math.floor(Date.now() / 1000),
  dir = DEMO_SAMPLES,
): Promise<DemoLoad> {
  const shift = now - 3600 - SAMPLES_T0;
  const out: DemoLoad = { watches: 0, snapshots: 0, observations: 0, alerts: 0 };

  const watches = store.watches;
  if (watches)
    for (const w of readJson<WatchSample[]>(`${dir}/watchlist.json`)) {
      await watches.addWatches([w.name], w.kind, now, w.owned);
      out.watches++;
    }

  const registrations = store.registrations;
  if (registrations) {
    const before = new Map<string, RegistrationRecord>();
    for (const file of readdirSync(`${dir}/registration`)
      .filter((f) => f.endsWith(".json"))
      .sort()) {
      const s = readJson<SnapshotSample>(`${dir}/registration/${file}`);
      const at = s.fetchedAt + shift;
      const rdap = shiftedRdap(s.rdap, shift);
      const record = parseRdap(rdap, {
        source: {
          protocol: "rdap",
          server: "demo samples",
          fetchedAt: isoFromSeconds(at),
          referrals: [],
        },
        name: s.key,
      });
      await registrations.writeSnapshots([
        { key: s.key, fetchedAt: at, record, raw: JSON.stringify(rdap) },
      ]);
      out.snapshots++;
      const prev = before.get(s.key);
      if (prev)
        out.alerts += (
          await raiseFindings(store, registrationChangeFindings(prev, record), new Date(at * 1000))
        ).length;
      before.set(s.key, record);
    }
  }

  const ingest = await ingestInput({
    format: "cof",
    store,
    stream: shiftedCof(`${dir}/pdns.cof`, shift),
    name: "demo samples",
  });
  out.observations = ingest.stats.observations;
  out.alerts += ingest.alerts.length;
  return out;
}
