import type { SourceItem, SourceOptions } from "../../source.js";
import { readCapturedDnsMessages } from "./index.js";

// A capture as an ingest Source: every DNS message, with the capture record's
// offset as its position (a resumed ingest re-reads the file, whose header and
// TCP streams it needs anyway, and skips what the checkpoint covers).

export function pcapSource(ports?: readonly number[], otherPorts?: Map<string, number>) {
  return async function* readPcapSource(
    input: AsyncIterable<Uint8Array>,
    o: SourceOptions,
  ): AsyncGenerator<SourceItem[]> {
    const messages = readCapturedDnsMessages(input, {
      name: o.name,
      ...(ports ? { ports } : {}),
      ...(o.skipped ? { skipped: o.skipped } : {}),
      ...(otherPorts ? { otherPorts } : {}),
    });
    for await (const run of messages.runs()) {
      yield run.map((m): SourceItem => ({
        kind: "message",
        time: m.time / 1000,
        message: m.message,
        ...(m.mdns ? { mdns: true } : {}),
        position: { offset: m.offset + 1 },
      }));
    }
  };
}
