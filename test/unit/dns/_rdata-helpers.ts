// Helpers shared by the RDATA unit tests (test/unit/dns/rdata-*.test.ts): presentation text
// to wire hex and back through encodeRdata/decodeRdata, the shape of a wire error, the
// table checks every file runs, and a trip through a whole message.
import assert from "node:assert/strict";
import { DnsightError } from "../../../src/errors.js";
import {
  decodeMessage,
  encodeMessage,
  type MessageInput,
  type ResourceRecord,
} from "../../../src/dns/wire/message.js";
import { WireReader } from "../../../src/dns/wire/reader.js";
import { decodeRdata, encodeRdata } from "../../../src/dns/wire/rdata/index.js";
import { typeFromString } from "../../../src/dns/wire/types.js";
import { WireWriter } from "../../../src/dns/wire/writer.js";

/** An RR type: a mnemonic or TYPEnnn ("DS", "TYPE999"), or its number (29 for LOC). */
export type RrType = string | number;

const typeCode = (type: RrType): number =>
  typeof type === "number" ? type : typeFromString(type)!;

/** Encodes presentation `text` as RDATA of `type`; returns the wire bytes as upper-case hex. */
export const enc = (type: RrType, text: string): string => {
  const w = new WireWriter();
  encodeRdata(typeCode(type), text, w);
  return w.finish().toString("hex").toUpperCase();
};

/** Decodes `hex` as the whole RDATA (its length is the RDLENGTH) of `type`; returns the text. */
export const dec = (type: RrType, hex: string): string =>
  decodeRdata(typeCode(type), new WireReader(Buffer.from(hex, "hex")), hex.length / 2);

/** An assert.throws predicate: a DnsightError of code "WIRE" whose message ends "at byte OFFSET". */
export const wireError = (offset: number) => (e: unknown) =>
  e instanceof DnsightError && e.code === "WIRE" && e.message.endsWith(`at byte ${offset}`);

/** For each [type, hex, text]: `hex` decodes to `text` and `text` encodes to `hex` (message: type). */
export function assertWireVectors(vectors: ReadonlyArray<readonly [string, string, string]>): void {
  for (const [type, hex, text] of vectors) {
    assert.equal(dec(type, hex), text, type);
    assert.equal(enc(type, text), hex, type);
  }
}

/** For each [type, text]: `text` encodes and decodes back to itself (message: type). */
export function assertPresentationRoundTrips(
  cases: ReadonlyArray<readonly [string, string]>,
): void {
  for (const [type, text] of cases) assert.equal(dec(type, enc(type, text)), text, type);
}

/** Returns a maker of class IN records owned by `name` with `ttl`: `(type, data) => record`. */
export const recordsAt =
  (name: string, ttl: number) =>
  (type: string, data: string): ResourceRecord => ({ name, type, class: "IN", ttl, data });

/** Encodes `message` whole with encodeMessage, decodes it with decodeMessage; returns its answers. */
export const answersThroughMessage = (message: MessageInput): ResourceRecord[] =>
  decodeMessage(encodeMessage(message)).answers;
