import {
  encodeMessage,
  type MessageInput,
  type ResourceRecord,
} from "../../src/dns/wire/message.js";
import type { MessageItem } from "../../src/passive/source.js";

// DNS responses as a sensor hands them over, built for the aggregation tests.

export const rr = (name: string, type: string, data: string, ttl = 300): ResourceRecord => ({
  name,
  type,
  class: "IN",
  ttl,
  data,
});

/** A response to www.example.com A (override what the test is about), seen at `time`. */
export function responseItem(
  m: Partial<MessageInput>,
  extra: Partial<MessageItem> = {},
  time = 1_700_000_000,
): MessageItem {
  const message = encodeMessage({
    id: 7,
    flags: { qr: true, rd: true, ra: true, ...m.flags },
    questions: [{ name: "www.example.com.", type: "A", class: "IN" }],
    ...m,
  });
  return { kind: "message", time, message, position: { offset: 100 }, ...extra };
}
