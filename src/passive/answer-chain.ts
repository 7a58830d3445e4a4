import type { DnsMessage, ResourceRecord } from "../dns/wire/message.js";
import { lowerAscii, relative } from "../dns/wire/name.js";

// Which answer records of a response a sensor may keep, and under which zone. Two rules
// keep forged or poisoned data out, as DNSDB does:
// - the chain: a record must hang off the question, i.e. be owned by the query name or
//   by a name a CNAME or DNAME of the same answer leads to (RFC 1034 §4.3.2, RFC 6672 §3);
// - the bailiwick, judged per link of that chain. A chain may leave the question's zone
//   (www.a.test CNAME cdn.b.test, Knot's referral to a child zone, BIND following into
//   another zone it serves), so the authority section names the zone where the chain
//   ends, not the one the question is in. The server answers for the question name's
//   zone (AA, RFC 1035 §4.1.1) and for every zone it names in the authority section; a
//   chain goes on through names it serves until it reaches the last of those zones. So a
//   link is vouched for when it is the question, lies in a named zone, or comes before a
//   link that does; only the links past the last vouched one, which nothing in the answer
//   speaks for, are dropped. When the sensor knows the zone it asked (dnstap's
//   query_zone), that one zone is the bailiwick of every record, as a resolver has it.

/** A stored-name key: lowercase, no trailing dot ("." for the root). */
export const nameKey = (name: string): string => relative(lowerAscii(name));

/**
 * Whether the dot at `i` of a presentation-form name separates labels: `a\.b` is one label
 * (RFC 1035 §5.1), `a\\.b` two, so it does when an even number of backslashes precede it.
 */
function separates(n: string, i: number): boolean {
  let slashes = 0;
  while (i - slashes - 1 >= 0 && n.charCodeAt(i - slashes - 1) === 0x5c) slashes++;
  return slashes % 2 === 0;
}

/** True when `name` is `zone` or below it, label by label. */
export function inBailiwick(name: string, zone: string): boolean {
  const n = nameKey(name);
  const z = nameKey(zone);
  if (z === "." || n === z) return true;
  const dot = n.length - z.length - 1;
  return dot > 0 && n.endsWith(z) && n.charCodeAt(dot) === 0x2e && separates(n, dot);
}

/** The strict ancestors of a name key, nearest first ("a.b.c" → "b.c", "c", "."). */
function* ancestors(n: string): Generator<string> {
  if (n === ".") return;
  for (let i = n.indexOf("."); i !== -1; i = n.indexOf(".", i + 1))
    if (separates(n, i)) yield n.slice(i + 1);
  yield ".";
}

/**
 * The names the question leads to through the answer's CNAME and DNAME records, each
 * with the step at which the chain reaches it (the question is 0). Linear in the
 * answer: every name enters once, and a DNAME is looked up by the name's ancestors.
 */
export function chainSteps(qname: string, answers: readonly ResourceRecord[]): Map<string, number> {
  const cnames = new Map<string, string[]>();
  const dnames = new Set<string>();
  for (const rr of answers) {
    if (rr.type === "CNAME") {
      const owner = nameKey(rr.name);
      const list = cnames.get(owner);
      if (list) list.push(nameKey(rr.data));
      else cnames.set(owner, [nameKey(rr.data)]);
    } else if (rr.type === "DNAME") dnames.add(nameKey(rr.name));
  }
  const steps = new Map<string, number>();
  const queue: string[] = [];
  const reach = (n: string): void => {
    if (steps.has(n)) return;
    steps.set(n, steps.size);
    queue.push(n);
  };
  reach(nameKey(qname));
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i] as string;
    // A DNAME at an ancestor rewrites the name (its synthesised CNAME follows in the answer).
    if (dnames.size > 0) for (const a of ancestors(n)) if (dnames.has(a)) reach(a);
    for (const target of cnames.get(n) ?? []) reach(target);
  }
  return steps;
}

/**
 * The zones an authoritative answer names in its authority section (SOA or NS owners),
 * each with its place there: the first one is the zone a name is filed under when
 * several hold it, as it always was.
 */
export function authorityZones(m: DnsMessage): Map<string, number> {
  const zones = new Map<string, number>();
  if (!m.flags.aa) return zones;
  for (const rr of m.authorities) {
    const z = nameKey(rr.name);
    if ((rr.type === "SOA" || rr.type === "NS") && !zones.has(z)) zones.set(z, zones.size);
  }
  return zones;
}

/** The first named zone holding the name key `n`: a walk up its labels, not a scan of zones. */
function zoneOf(n: string, zones: ReadonlyMap<string, number>): string | undefined {
  let best: string | undefined;
  let place = Infinity;
  for (const z of [n, ...ancestors(n)]) {
    const i = zones.get(z);
    if (i !== undefined && i < place) [best, place] = [z, i];
  }
  return best;
}

export const UNRELATED = "answer record unrelated to the question";
export const OUTSIDE = "answer record outside every zone the answer speaks for";

export type Verdict =
  { keep: true; bailiwick?: string } | { keep: false; reason: typeof UNRELATED | typeof OUTSIDE };

/** Judges each answer record of `m` by the chain and bailiwick rules (see the top). */
export function answerJudge(
  m: DnsMessage,
  qname: string,
  knownZone?: string,
): (rr: ResourceRecord) => Verdict {
  const steps = chainSteps(qname, m.answers);
  const zones: ReadonlyMap<string, number> =
    knownZone !== undefined ? new Map([[nameKey(knownZone), 0]]) : authorityZones(m);
  const zoneByName = new Map<string, string | undefined>();
  for (const n of steps.keys()) zoneByName.set(n, zones.size > 0 ? zoneOf(n, zones) : undefined);
  // The last step of the chain that a named zone holds; the question is always vouched for.
  let last = 0;
  for (const [n, step] of steps) if (step > last && zoneByName.get(n) !== undefined) last = step;
  return (rr) => {
    const owner = nameKey(rr.name);
    const step = steps.get(owner);
    if (step === undefined) return { keep: false, reason: UNRELATED };
    if (zones.size === 0) return { keep: true };
    const zone = zoneByName.get(owner);
    // A zone the sensor knows it asked is the only one: nothing outside it is kept.
    if (knownZone !== undefined)
      return zone ? { keep: true, bailiwick: zone } : { keep: false, reason: OUTSIDE };
    if (step > last) return { keep: false, reason: OUTSIDE };
    return zone === undefined ? { keep: true } : { keep: true, bailiwick: zone };
  };
}

/**
 * A zone transfer (RFC 5936) answers with the whole zone, not a chain: each message of it
 * (Knot repeats the question in every one) speaks for the zone asked, so a record at or
 * below it is kept under it, and one outside it (which no transfer should hold) is not.
 */
export function transferJudge(zone: string): (rr: ResourceRecord) => Verdict {
  const z = nameKey(zone);
  return (rr) =>
    inBailiwick(rr.name, z) ? { keep: true, bailiwick: z } : { keep: false, reason: OUTSIDE };
}
