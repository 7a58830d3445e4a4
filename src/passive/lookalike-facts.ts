import { setImmediate as yieldLoop } from "node:timers/promises";
import { generateCapped, type FuzzerName } from "../lookalike/generate.js";
import type { Store } from "../store/types.js";

// The lookalikes of a domain (src/lookalike/generate.ts, dnstwist's fuzzers) with what
// the store knows of each: seen in passive DNS (sightings, last seen) and registered
// (its latest stored registration snapshot says so). Nothing is asked of DNS or of a
// registry: this is the analyst's first look, from what was collected.

export interface LookalikeFacts {
  /** A-label. */
  name: string;
  unicode: string;
  fuzzers: FuzzerName[];
  seen: { count: number; lastSeen: number } | null;
  registered: boolean;
}

export interface LookalikeReport {
  /** Found ones first (seen or registered, latest seen first), then generation order. */
  candidates: LookalikeFacts[];
  /** Candidates generated (at most `max`). */
  generated: number;
  /** Generation stopped at `max`. */
  capped: boolean;
}

/** Runs one chunk of store reads; the API runs each in its pacer's turn. */
export type Turn = <T>(work: () => Promise<T>) => Promise<T>;

const ownTurn: Turn = async (work) => {
  await yieldLoop();
  return work();
};

/** Candidates checked per turn: each is two index lookups. */
const CHUNK = 200;

/** DnsightError "INPUT" when `domain` is not a domain name. */
export async function lookalikeFacts(
  store: Store,
  domain: string,
  o: { max: number; turn?: Turn },
): Promise<LookalikeReport> {
  const { candidates, complete } = generateCapped(domain, { max: o.max });
  const turn = o.turn ?? ownTurn;
  const out: LookalikeFacts[] = [];
  for (let i = 0; i < candidates.length; i += CHUNK) {
    const chunk = candidates.slice(i, i + CHUNK);
    out.push(
      ...(await turn(() =>
        Promise.all(
          chunk.map(async (c): Promise<LookalikeFacts> => {
            const s = await store.summarizeObservations({
              target: { on: "rrname", match: { kind: "name", name: c.domain } },
            });
            const snap = await store.registrations?.latestSnapshot(c.domain, {
              skipStatus: ["throttled"],
            });
            return {
              name: c.domain,
              unicode: c.unicode,
              fuzzers: c.fuzzers,
              seen:
                s.numResults > 0
                  ? { count: s.count, lastSeen: s.timeLast ?? s.timeFirst ?? 0 }
                  : null,
              registered: snap?.record.status === "registered",
            };
          }),
        ),
      )),
    );
  }
  const found = (f: LookalikeFacts): boolean => f.seen !== null || f.registered;
  const order = out.map((f, i) => ({ f, i }));
  order.sort(
    (a, b) =>
      Number(found(b.f)) - Number(found(a.f)) ||
      (b.f.seen?.lastSeen ?? 0) - (a.f.seen?.lastSeen ?? 0) ||
      a.i - b.i,
  );
  return { candidates: order.map((x) => x.f), generated: out.length, capped: !complete };
}
