import type { DnsResult } from "../dns/result.js";
import type { BulkEngine } from "./engine.js";
import { parentName, randomLabel } from "./random-label.js";
import type { Upstream } from "./upstream.js";

// Before a bulk run, each upstream is asked two kinds of question:
//  - names that cannot exist: a random label under .invalid (RFC 6761 §6.4 says
//    NXDOMAIN) and under the parents of the first input names. A resolver that
//    answers those with data is rewriting NXDOMAIN (ad or "search" servers).
//  - the first input names themselves: with three or more upstreams, one whose
//    status or data disagrees with the majority on most samples is lying or broken.
// Offenders are marked `dropped` and reported; the run goes on without them.

export interface UpstreamVerdict {
  upstream: string;
  dropped?: string;
}

const SAMPLES = 8;
/** Probes try twice (about 3 s for a dead server), not the run's full retry budget. */
const PROBE_RETRIES = 1;

export async function vetUpstreams(
  engine: BulkEngine,
  ups: Upstream[],
  firstNames: string[],
  type: string,
): Promise<UpstreamVerdict[]> {
  const probeNames = [`${randomLabel()}.invalid.`];
  for (const n of firstNames) {
    const p = parentName(n);
    const probe = p ? `${randomLabel()}.${p}` : undefined;
    if (probe && probeNames.length < 3 && !probeNames.some((x) => x.endsWith("." + p)))
      probeNames.push(probe);
  }
  const probes = await Promise.all(
    ups.map((u) => Promise.all(probeNames.map((n) => engine.ask(n, "A", u, PROBE_RETRIES)))),
  );
  ups.forEach((u, i) => {
    const answers = probes[i]!;
    if (answers.every((a) => a.status === "TIMEOUT" || a.status === "ERROR")) {
      u.dropped = "does not answer";
      return;
    }
    if (hasData(answers[0]!))
      u.dropped = `answers the non-existent name ${answers[0]!.name} (NXDOMAIN rewriting)`;
    // Under a real parent a wildcard is legitimate; only an outlier among the upstreams is lying.
    for (let k = 1; k < answers.length && u.dropped === undefined; k++) {
      const others = probes.filter((_, j) => j !== i).map((p) => p[k]!);
      if (
        hasData(answers[k]!) &&
        others.length > 0 &&
        others.every((o) => o.status === "NXDOMAIN")
      ) {
        u.dropped = `answers the non-existent name ${answers[k]!.name} where the others say NXDOMAIN (NXDOMAIN rewriting)`;
      }
    }
  });
  const alive = ups.filter((u) => u.dropped === undefined);
  if (alive.length >= 3 && firstNames.length > 0) {
    const sample = firstNames.slice(0, SAMPLES);
    const views = await Promise.all(
      alive.map((u) => Promise.all(sample.map((n) => engine.ask(n, type, u, PROBE_RETRIES)))),
    );
    const disagreements = alive.map(() => 0);
    const decided = alive.map(() => 0);
    sample.forEach((_, s) => {
      const keys = views.map((v) => verdictKey(v[s]!));
      alive.forEach((_, i) => {
        const agree = keys.filter((k, j) => j !== i && overlaps(k, keys[i]!)).length;
        const othersAgreeing = keys.filter(
          (k, j) => j !== i && keys.some((k2, m) => m !== i && m !== j && overlaps(k, k2)),
        ).length;
        if (othersAgreeing === 0) return; // no majority to compare with
        decided[i]!++;
        if (agree === 0) disagreements[i]!++;
      });
    });
    alive.forEach((u, i) => {
      if (decided[i]! > 0 && disagreements[i]! * 2 > decided[i]!) {
        u.dropped = `disagrees with the other upstreams on ${disagreements[i]} of ${decided[i]} sample names`;
      }
    });
  }
  return ups.map((u) =>
    u.dropped ? { upstream: u.label, dropped: u.dropped } : { upstream: u.label },
  );
}

function hasData(r: DnsResult): boolean {
  return r.status === "NOERROR" && r.answers.length > 0;
}

interface Verdict {
  status: string;
  data: Set<string>;
}

function verdictKey(r: DnsResult): Verdict {
  return {
    status: r.status,
    data: new Set(r.answers.filter((a) => a.type === r.type).map((a) => a.data.toLowerCase())),
  };
}

/** Two views agree when the status matches and, if both have data, some of it is shared (CDNs rotate). */
function overlaps(a: Verdict, b: Verdict): boolean {
  if (a.status !== b.status) return false;
  if (a.data.size === 0 || b.data.size === 0) return a.data.size === b.data.size;
  for (const d of a.data) if (b.data.has(d)) return true;
  return false;
}
