import { DnsightError } from "../errors.js";
import type { Observation } from "../model/observation.js";
import { observationKey } from "../store/merge.js";
import { normaliseObservation } from "../store/observation.js";
import { KEPT_RCODES, observationsFromMessage } from "./aggregate.js";
import { maskAnswer } from "./answer-identity.js";
import { AnswerMemo } from "./answer-memo.js";
import { SkipCounter, type MessageItem } from "./source.js";

// Responses → normalised observations, remembered per distinct answer (answer-identity.ts,
// answer-memo.ts):
// the decoder, the chain and bailiwick rules and the normaliser run once per answer, and
// a repeat only replays the result at its own time. What a message makes depends on its
// identity alone, since it is the masked copy that gets decoded.

/** One observation of an answer, without its time, with its merge key worked out. */
export interface ObservationTemplate {
  key: string;
  /** timeFirst, timeLast 0; count 1. Copy before keeping. */
  row: Observation;
}

interface Answer {
  rows: ObservationTemplate[];
  /** Why records were left out, replayed for every repeat. */
  skips: [reason: string, n: number][];
}

const MAX_DNS_MESSAGE = 65_535;
/** Distinct answers remembered (bounded memory: a few hundred bytes each). */
const DEFAULT_CAPACITY = 100_000;

/** A DNS header that can make no observation: a query, another opcode, an error, no answers. */
function answerless(m: Uint8Array): boolean {
  if (m.length < 12) return false; // the decoder says what is wrong with it
  const qr = (m[2] as number) & 0x80;
  const opcode = ((m[2] as number) >> 3) & 0x0f;
  const rcode = (m[3] as number) & 0x0f;
  const ancount = ((m[6] as number) << 8) | (m[7] as number);
  return qr === 0 || opcode !== 0 || !KEPT_RCODES.has(rcode) || ancount === 0;
}

export class MessageObservations {
  private readonly memo: AnswerMemo<Answer>;
  private readonly scratch = Buffer.allocUnsafe(MAX_DNS_MESSAGE);

  constructor(private readonly o: { name: string; sensorId?: string; capacity?: number }) {
    this.memo = new AnswerMemo(o.capacity ?? DEFAULT_CAPACITY);
  }

  /** Distinct answers remembered now. */
  get remembered(): number {
    return this.memo.size;
  }

  /** The message's observations; what was left out is counted in `skipped`. */
  of(item: MessageItem, skipped: SkipCounter): readonly ObservationTemplate[] {
    const message = item.message;
    if (answerless(message)) return [];
    if (message.length > MAX_DNS_MESSAGE) return this.build(item, skipped).rows;
    const hash = maskAnswer(message, this.scratch);
    const len = message.length;
    // The same bytes read by other rules (a known zone, mDNS) are another answer.
    const rules = item.mdns ? "m" : "-";
    const tag = item.bailiwick === undefined ? rules : `${rules}:${item.bailiwick}`;
    let answer = this.memo.get(hash, this.scratch, len, tag);
    if (answer === undefined) {
      const masked = Buffer.from(this.scratch.subarray(0, len));
      answer = this.build({ ...item, message: masked }, undefined);
      this.memo.set(hash, masked, tag, answer);
    }
    if (answer.skips.length > 0) {
      const where = `${this.o.name} at byte ${item.position.offset}`;
      for (const [reason, n] of answer.skips) skipped.add(reason, where, n);
    }
    return answer.rows;
  }

  /** Decodes and normalises; skips go to `skipped`, or into the answer for replaying. */
  private build(item: MessageItem, skipped: SkipCounter | undefined): Answer {
    const local = skipped ?? new SkipCounter();
    const rows: ObservationTemplate[] = [];
    const inputs = observationsFromMessage(item, {
      name: this.o.name,
      skipped: local,
      ...(this.o.sensorId !== undefined ? { sensorId: this.o.sensorId } : {}),
    });
    for (const input of inputs) {
      try {
        const row = normaliseObservation({ ...input, timeFirst: 0 }, "record");
        rows.push({ key: observationKey(row), row });
      } catch (e) {
        if (!(e instanceof DnsightError)) throw e;
        local.add(
          e.message.replace(/^record: /, ""),
          `${this.o.name} at byte ${item.position.offset}`,
        );
      }
    }
    return { rows, skips: skipped ? [] : [...local.reasons] };
  }
}
