import { DnsightError } from "../errors.js";
import { decodeMessage, type DnsMessage, type ResourceRecord } from "../dns/wire/message.js";
import { META_TYPES } from "../dns/wire/types.js";
import type { ObservationInput } from "../model/observation.js";
import { answerJudge, transferJudge } from "./answer-chain.js";
import { mdnsRecords, readableMdns } from "./mdns.js";
import type { MessageItem, SkipCounter } from "./source.js";

// A DNS response a sensor saw → observations, one per answer record (a CNAME
// chain is several); the chain and bailiwick rules are in answer-chain.ts.

const RCODE_NOERROR = 0;
const RCODE_NXDOMAIN = 3;
/** RFC 6672 §2.2: a DNAME whose substitution overflows a name is answered with YXDOMAIN. */
const RCODE_YXDOMAIN = 6;
/** Answers of other rcodes (SERVFAIL, REFUSED...) come from a server that failed: not kept. */
export const KEPT_RCODES: ReadonlySet<number> = new Set([
  RCODE_NOERROR,
  RCODE_NXDOMAIN,
  RCODE_YXDOMAIN,
]);
export const NO_QUESTION = "answer record in a response without a question";

export { inBailiwick } from "./answer-chain.js";

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
  if (item.mdns) return readableMdns(m) ? mdnsRecords(m).map((rr) => observe(rr)) : [];
  if (!m.flags.qr || m.opcode !== 0) return [];
  if (!KEPT_RCODES.has(m.rcode)) return [];
  if (m.answers.length === 0) return [];
  const q = m.questions[0];
  if (!q) {
    // Nothing to hang the records off: a reply is matched to its query by the question (RFC 5452 §3).
    o.skipped?.add(NO_QUESTION, where, m.answers.length);
    return [];
  }
  const judge =
    q.type === "AXFR"
      ? transferJudge(item.bailiwick ?? q.name)
      : answerJudge(m, q.name, item.bailiwick);
  const out: ObservationInput[] = [];
  for (const rr of m.answers) {
    if (META_TYPES.has(rr.type) || rr.class !== "IN") continue;
    const verdict = judge(rr);
    if (!verdict.keep) {
      o.skipped?.add(verdict.reason, where);
      continue;
    }
    out.push(observe(rr, verdict.bailiwick));
  }
  return out;

  function observe(rr: ResourceRecord, bailiwick?: string): ObservationInput {
    return {
      rrname: rr.name,
      rrtype: rr.type,
      rdata: rr.data,
      timeFirst: item.time,
      source: "passive",
      ...(bailiwick !== undefined ? { bailiwick } : {}),
      ...(o.sensorId !== undefined ? { sensorId: o.sensorId } : {}),
    };
  }
}
