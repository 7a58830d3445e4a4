// The spool of one shard on local disk: the pieces (Native blocks of `obs_in` and the
// checkpoint-log rows inside them) that could not be sent while the shard was down, in
// the order they were written. Append-only records:
//
//   "DSP1" | u32 LE payload length | payload | first 8 bytes of SHA-256(payload)
//   payload = u32 LE meta length | meta (JSON: the log rows) | the Native block
//
// Each append is fsynced before the write counts as done. A process killed during an
// append leaves a torn last record: its length runs past the end, or its checksum is
// wrong. It is not sent (its batch was never counted done, so the ingest gives it again)
// and is cut off before the next append.
import { createHash } from "node:crypto";
import {
  closeSync,
  fstatSync,
  fsyncSync,
  openSync,
  readSync,
  ftruncateSync,
  writeSync,
} from "node:fs";
import { DnsightError } from "../../errors.js";
import type { LogRow } from "./obs-block.js";

const MAGIC = Buffer.from("DSP1", "latin1");
const HEAD = 8;
const SUM = 8;
/** Largest record read: a piece is at most pieceRows rows (50,000 by default, a few MB). */
export const MAX_RECORD = 1 << 30;

export interface SpoolRecord {
  log: readonly LogRow[];
  block: Buffer;
}

interface MetaRow {
  kind: 1 | 2 | 3;
  input: string;
  endOffset: number;
  rowsIn: number;
  at: string;
}

const checksum = (payload: Buffer): Buffer =>
  createHash("sha256").update(payload).digest().subarray(0, SUM);

export function encodeRecord(r: SpoolRecord): Buffer {
  const meta = Buffer.from(
    JSON.stringify(r.log.map((l): MetaRow => ({ ...l, at: l.at.toString() }))),
    "utf8",
  );
  const payload = Buffer.alloc(4 + meta.length + r.block.length);
  payload.writeUInt32LE(meta.length, 0);
  meta.copy(payload, 4);
  r.block.copy(payload, 4 + meta.length);
  const head = Buffer.alloc(HEAD);
  MAGIC.copy(head, 0);
  head.writeUInt32LE(payload.length, 4);
  return Buffer.concat([head, payload, checksum(payload)]);
}

function decodePayload(payload: Buffer, where: string): SpoolRecord {
  const metaLen = payload.readUInt32LE(0);
  if (4 + metaLen > payload.length) throw corrupt(where, "its log rows run past the record");
  let rows: MetaRow[];
  try {
    rows = JSON.parse(payload.subarray(4, 4 + metaLen).toString("utf8")) as MetaRow[];
  } catch (e) {
    throw corrupt(where, `its log rows are not JSON (${(e as Error).message})`);
  }
  return {
    log: rows.map((l) => ({ ...l, at: BigInt(l.at) })),
    block: payload.subarray(4 + metaLen),
  };
}

const corrupt = (where: string, why: string): DnsightError =>
  new DnsightError("STORE", `spool ${where}: ${why}`);

export interface SpoolContents {
  records: SpoolRecord[];
  /** Bytes of whole records; what follows is a torn last record (or nothing). */
  validBytes: number;
  /** Bytes after the last whole record. */
  tornBytes: number;
}

/**
 * The whole records of the spool file at `path`, in order, one at a time (a spool may
 * hold more than fits in memory); returns where the whole records end. A record cut
 * short, or with a wrong checksum, at the end is a torn append; one in the middle means
 * the file was damaged otherwise, which is an error (what follows cannot be trusted).
 */
export function* spoolRecords(
  path: string,
): Generator<SpoolRecord, { validBytes: number; tornBytes: number }> {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    let at = 0;
    const head = Buffer.alloc(HEAD);
    while (at + HEAD <= size) {
      readSync(fd, head, 0, HEAD, at);
      if (!head.subarray(0, 4).equals(MAGIC))
        throw corrupt(path, `no record starts at byte ${at} (not a dnsight spool, or damaged)`);
      const len = head.readUInt32LE(4);
      if (len > MAX_RECORD) throw corrupt(path, `record at byte ${at} claims ${len} bytes`);
      const end = at + HEAD + len + SUM;
      if (end > size) break; // torn: the append did not finish
      const body = Buffer.alloc(len + SUM);
      readSync(fd, body, 0, len + SUM, at + HEAD);
      const payload = body.subarray(0, len);
      if (!checksum(payload).equals(body.subarray(len))) {
        if (end === size) break; // torn: the last append's bytes did not all reach the disk
        throw corrupt(path, `record at byte ${at} has a wrong checksum`);
      }
      yield decodePayload(payload, `${path} record at byte ${at}`);
      at = end;
    }
    return { validBytes: at, tornBytes: size - at };
  } finally {
    closeSync(fd);
  }
}

export interface SpoolContents {
  records: SpoolRecord[];
  /** Bytes of whole records; what follows is a torn last record (or nothing). */
  validBytes: number;
  /** Bytes after the last whole record. */
  tornBytes: number;
}

/** Every whole record of a spool file (spoolRecords, gathered). */
export function readSpool(path: string): SpoolContents {
  const records: SpoolRecord[] = [];
  const it = spoolRecords(path);
  for (;;) {
    const r = it.next();
    if (r.done) return { records, ...r.value };
    records.push(r.value);
  }
}

/** The log rows of every whole record (what a spool holds, without the blocks). */
export function spoolLog(path: string): LogRow[][] {
  const out: LogRow[][] = [];
  for (const r of spoolRecords(path)) out.push([...r.log]);
  return out;
}

/** Appends records to a spool file, each fsynced before the call returns. */
export class SpoolWriter {
  private constructor(private readonly fd: number) {}

  /** Opens `path` for appending, cutting off a torn last record first. */
  static open(path: string): SpoolWriter {
    const fd = openSync(path, "a+");
    try {
      const size = fstatSync(fd).size;
      if (size > 0) {
        let validBytes = 0;
        const it = spoolRecords(path);
        for (let r = it.next(); ; r = it.next())
          if (r.done) {
            validBytes = r.value.validBytes;
            break;
          }
        if (validBytes < size) {
          ftruncateSync(fd, validBytes);
          fsyncSync(fd);
        }
      }
    } catch (e) {
      closeSync(fd);
      throw e;
    }
    return new SpoolWriter(fd);
  }

  append(r: SpoolRecord): void {
    const buf = encodeRecord(r);
    for (let off = 0; off < buf.length;) off += writeSync(this.fd, buf, off);
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}
