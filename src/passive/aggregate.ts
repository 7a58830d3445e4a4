import { DnsightError } from "../errors.js";
import { decodeMessage, type DnsMessage, type ResourceRecord } from "../dns/wire/message.js";
import { lowerAscii, relative } from "../dns/wire/name.js";
import { META_TYPES } from "../dns/wire/types.js";
import type { ObservationInput } from "../store/observation.js";
import type { MessageItem, SkipCounter } from "./source.js";

// A DNS response a sensor saw → observations, one per answer record (a CNAME
// chain is several). Two rules keep forged or poisoned data out, as DNSDB does:
// a record must hang off the question (the query name or a name a CNAME/DNAME in
// the same answer leads to), and where the answering zone is known (dnstap's
// query_zone, or the SOA/NS owner in an authoritative answer's authority
// section) a record outside that zone's bailiwick is not trusted.

const RCODE_NOERROR = 0;
const RCODE_NXDOMAIN = 3;

const key = (name: string): string => relative(lowerAscii(name));

/** True when `name` is `zone` or below it. */
export function inBailiwick(name: string, zone: string): boolean {
  const n = key(name);
  const z = key(zone);
  return z === "." || n === z || n.endsWith(`.${z}`);
}

/** The zone an authoritative answer came from, told by its authority section. */
function answeringZone(m: DnsMessage): string | undefined {
  if (!m.flags.aa) return undefined;
  const rr = m.authorities.find((r) => r.type === "SOA" || r.type === "NS");
  return rr ? key(rr.name) : undefined;
}

/** The names the question leads to through the answer's CNAME and DNAME records. */
function chainNames(qname: string, answers: readonly ResourceRecord[]): Set<string> {
  const names = new Set([key(qname)]);
  for (let grew = true; grew;) {
    grew = false;
    for (const rr of answers) {
      const owner = key(rr.name);
      let target: string | undefined;
      if (rr.type === "CNAME" && names.has(owner)) target = key(rr.data);
      // A DNAME at an ancestor rewrites the names below it; its synthesised CNAME follows.
      if (rr.type === "DNAME" && [...names].some((n) => n !== owner && inBailiwick(n, owner))) {
        if (!names.has(owner)) {
          names.add(owner);
          grew = true;
        }
      }
      if (target !== undefined && !names.has(target)) {
        names.add(target);
        grew = true;
      }
    }
  }
  return names;
}

export interface AggregateOptions {
  sensorId?: string;
  skipped?: SkipCounter;
  /** Where the item came from, for skip reports ("capture.pcap"). */
  name?: string;
}

/** The observations in one response; an unusable message is counted as skipped, not thrown. */
export function observationsFromMessage(
  item: MessageItem,
  o: AggregateOptions = {},
): ObservationInput[] {
  const where = `${o.name ?? "input"} at byte ${item.position.offset}`;
  let m: DnsMessage;
  try {
    m = decodeMessage(
      Buffer.from(item.message.buffer, item.message.byteOffset, item.message.byteLength),
    );
  } catch (e) {
    o.skipped?.add(
      `malformed DNS message: ${e instanceof DnsightError ? e.message : String(e)}`,
      where,
    );
    return [];
  }
  if (!m.flags.qr || m.opcode !== 0) return [];
  if (m.rcode !== RCODE_NOERROR && m.rcode !== RCODE_NXDOMAIN) return [];
  const q = m.questions[0];
  if (!q || m.answers.length === 0) return [];
  const zone = item.bailiwick !== undefined ? key(item.bailiwick) : answeringZone(m);
  const chain = chainNames(q.name, m.answers);
  const out: ObservationInput[] = [];
  for (const rr of m.answers) {
    if (META_TYPES.has(rr.type) || rr.class !== "IN") continue;
    if (!chain.has(key(rr.name))) {
      o.skipped?.add("answer record unrelated to the question", where);
      continue;
    }
    if (zone !== undefined && !inBailiwick(rr.name, zone)) {
      o.skipped?.add("answer record outside the answering zone's bailiwick", where);
      continue;
    }
    out.push({
      rrname: rr.name,
      rrtype: rr.type,
      rdata: rr.data,
      timeFirst: item.time,
      source: "passive",
      ...(zone !== undefined ? { bailiwick: zone } : {}),
      ...(o.sensorId !== undefined ? { sensorId: o.sensorId } : {}),
    });
  }
  return out;
}
