import type { MessageItem, SourceItem, SourceOptions } from "../../source.js";
import { isPassiveDnsResponse, type DnstapRecord } from "./dnstap-message.js";
import { readDnstapPositioned } from "./read.js";

// dnstap as an ingest Source: the responses passive DNS uses become whole DNS messages
// for the aggregator, with query_zone as their bailiwick; queries are left out. A file
// cut short (its writer killed, or still writing) gives the frames before the cut.

export async function* readDnstapSource(
  input: AsyncIterable<Uint8Array>,
  o: SourceOptions,
): AsyncGenerator<SourceItem> {
  const opts = {
    name: o.name,
    ...(o.skipped ? { skipped: o.skipped } : {}),
    cutShort: (offset: number, what: string): void =>
      o.skipped?.damaged("dnstap file cut short", `${o.name}: byte ${offset} (${what})`),
  };
  for await (const { record: r, end } of readDnstapPositioned(input, opts)) {
    const item = dnstapItem(r, end);
    if (item === "no time") o.skipped?.add("dnstap response without a time", `${o.name}:${end}`);
    else if (item !== undefined) yield item;
  }
}

/**
 * A dnstap record as an ingest item (a file's or a listener's): a response passive
 * DNS uses, with query_zone as its bailiwick; undefined for what is not one.
 */
export function dnstapItem(r: DnstapRecord, offset: number): MessageItem | "no time" | undefined {
  if (!isPassiveDnsResponse(r) || r.responseMessage === undefined) return undefined;
  const ms = r.responseTime ?? r.queryTime;
  if (ms === undefined) return "no time";
  const item: MessageItem = {
    kind: "message",
    time: ms / 1000,
    message: r.responseMessage,
    position: { offset },
  };
  if (r.queryZone !== undefined) item.bailiwick = r.queryZone;
  if (r.messageType === "AUTH_RESPONSE") item.authoritative = true;
  return item;
}

/** A listener's records as ingest items, numbered in arrival order (a live input has no offsets). */
export async function* listenerItems(
  records: AsyncIterable<DnstapRecord>,
): AsyncGenerator<SourceItem> {
  let n = 0;
  for await (const record of records) {
    const item = dnstapItem(record, ++n);
    if (item !== undefined && item !== "no time") yield item;
  }
}
