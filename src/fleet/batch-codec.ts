// One message on the sensor stream: a batch of observation deltas from one sensor,
// named by a batch id that is unique across the fleet (sensor, run, sequence). The
// body is JSON rows in columns' order, raw-deflated: passive DNS repeats names and
// types, so a batch shrinks about tenfold and more rows fit under NATS's max_payload.
// Decoding is hostile-input safe: the inflated size and the row count are capped
// before anything is parsed, and each row is checked field by field, so a bad message
// fails with one line naming the batch and the row.
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { DnsightError } from "../errors.js";
import { OBSERVATION_SOURCES, type Observation } from "../model/observation.js";

export const BATCH_FORMAT = 1;
/** The most rows one message may carry (a sensor splits bigger batches). */
export const MAX_BATCH_ROWS = 100_000;
/** The most bytes one message may inflate to. */
export const MAX_BATCH_BYTES = 64 << 20;

export interface ObservationBatch {
  /** The sensor that saw these (also each row's sensorId, when the sensor sets one). */
  sensor: string;
  /** Unique across the fleet: `<sensor>.<run>.<sequence>`; JetStream's Nats-Msg-Id. */
  id: string;
  rows: Observation[];
}

type Row = [string, string, string, string | null, string | null, number, number, number, string];

const row = (o: Observation): Row => [
  o.rrname,
  o.rrtype,
  o.rdata,
  o.bailiwick ?? null,
  o.sensorId ?? null,
  o.timeFirst,
  o.timeLast,
  o.count,
  o.source,
];

/** The JSON of one row, for a sensor that sizes its messages before encoding them. */
export const rowJson = (o: Observation): string => JSON.stringify(row(o));

export function encodeBatch(b: ObservationBatch): Uint8Array {
  if (b.rows.length > MAX_BATCH_ROWS)
    throw new DnsightError(
      "INTERNAL",
      `batch ${b.id}: ${b.rows.length} rows, more than one message carries (${MAX_BATCH_ROWS})`,
    );
  const json = JSON.stringify({
    v: BATCH_FORMAT,
    sensor: b.sensor,
    id: b.id,
    rows: b.rows.map(row),
  });
  return deflateRawSync(json, { level: 1 });
}

const isText = (v: unknown): v is string => typeof v === "string";
const isTime = (v: unknown): v is number =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

/** A message's batch; DnsightError("INPUT") naming `where` (subject and sequence) and the fault. */
export function decodeBatch(body: Uint8Array, where: string): ObservationBatch {
  let json: string;
  try {
    json = inflateRawSync(body, { maxOutputLength: MAX_BATCH_BYTES }).toString("utf8");
  } catch (e) {
    const why =
      (e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE"
        ? `inflates past ${MAX_BATCH_BYTES} bytes`
        : "is not a deflated batch";
    throw new DnsightError("INPUT", `observation batch at ${where} ${why}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    throw new DnsightError("INPUT", `observation batch at ${where} is not JSON`);
  }
  const d = doc as { v?: unknown; sensor?: unknown; id?: unknown; rows?: unknown };
  if (typeof d !== "object" || d === null || d.v !== BATCH_FORMAT)
    throw new DnsightError(
      "INPUT",
      `observation batch at ${where}: format ${JSON.stringify(d?.v)}, this collector reads ${BATCH_FORMAT}`,
    );
  if (!isText(d.sensor) || !isText(d.id) || d.id === "" || !Array.isArray(d.rows))
    throw new DnsightError("INPUT", `observation batch at ${where}: no sensor, id or rows`);
  if (d.rows.length > MAX_BATCH_ROWS)
    throw new DnsightError(
      "INPUT",
      `observation batch ${d.id} at ${where}: ${d.rows.length} rows, more than ${MAX_BATCH_ROWS}`,
    );
  const rows = d.rows.map((r: unknown, i: number) => {
    const bad = (what: string): never => {
      throw new DnsightError(
        "INPUT",
        `observation batch ${d.id as string} at ${where}: row ${i} ${what}`,
      );
    };
    if (!Array.isArray(r) || r.length !== 9) return bad("is not a 9-field row");
    const [rrname, rrtype, rdata, bailiwick, sensorId, tf, tl, count, source] = r as unknown[];
    if (!isText(rrname) || !isText(rrtype) || !isText(rdata))
      return bad("has a name, type or rdata that is not text");
    if ((bailiwick !== null && !isText(bailiwick)) || (sensorId !== null && !isText(sensorId)))
      return bad("has a bailiwick or sensor that is not text");
    if (!isTime(tf) || !isTime(tl) || !isTime(count))
      return bad("has a time or count that is not a whole number");
    if (!OBSERVATION_SOURCES.includes(source as Observation["source"]))
      return bad(`has source ${JSON.stringify(source)}`);
    const o: Observation = {
      rrname,
      rrtype,
      rdata,
      timeFirst: tf,
      timeLast: tl,
      count,
      source: source as Observation["source"],
    };
    if (bailiwick !== null) o.bailiwick = bailiwick;
    if (sensorId !== null) o.sensorId = sensorId;
    return o;
  });
  return { sensor: d.sensor, id: d.id, rows };
}
