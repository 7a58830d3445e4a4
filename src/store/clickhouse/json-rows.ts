// A JSONEachRow result read as it streams: one object per line, parsed line by line, so
// memory holds one line and no more, whatever the result's size. Caps on bytes and rows
// end the read (the caller then drops the connection) instead of buffering the excess.
import { DnsightError } from "../../errors.js";
import { isInStreamError, serverError } from "./server-error.js";

export type Row = Record<string, unknown>;

export interface RowCaps {
  /** Most rows accepted; one more is an error, not a silent truncation. */
  maxRows: number;
  /** Most bytes of result text accepted. */
  maxBytes: number;
}

// fatal: 18.16 writes a String's bytes into JSON as they are, so a value that is not UTF-8
// makes the line invalid; replacing it with U+FFFD would hand back a different value.
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Parses `chunks` (a response body) into rows; `where` names the server in errors. */
export async function* jsonRows(
  chunks: AsyncIterable<Buffer>,
  where: string,
  caps: RowCaps,
): AsyncGenerator<Row> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let bytes = 0;
  let rows = 0;
  const parse = (line: Buffer): Row => {
    let text: string;
    try {
      text = utf8.decode(line);
    } catch {
      throw new DnsightError(
        "STORE",
        `clickhouse ${where}: result row ${rows} is not UTF-8 (select hex() of byte columns)`,
      );
    }
    if (isInStreamError(text)) throw serverError(where, text);
    try {
      const row: unknown = JSON.parse(text);
      if (row !== null && typeof row === "object" && !Array.isArray(row)) return row as Row;
    } catch {
      // reported below, with the line's start
    }
    throw new DnsightError(
      "STORE",
      `clickhouse ${where}: result row ${rows} is not a JSON object: ${JSON.stringify(text.slice(0, 80))}`,
    );
  };
  for await (const chunk of chunks) {
    bytes += chunk.length;
    if (bytes > caps.maxBytes)
      throw new DnsightError("STORE", `clickhouse ${where}: result exceeds ${caps.maxBytes} bytes`);
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      const line = pendingBytes > 0 ? Buffer.concat([...pending, piece]) : piece;
      pending = [];
      pendingBytes = 0;
      start = nl + 1;
      if (line.length === 0) continue;
      if (++rows > caps.maxRows && !isInStreamError(line.toString("latin1", 0, 16)))
        throw new DnsightError("STORE", `clickhouse ${where}: result exceeds ${caps.maxRows} rows`);
      yield parse(line);
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
    }
  }
  // A body cut short (the server died mid-result) ends without its last newline.
  if (pendingBytes > 0) {
    const line = Buffer.concat(pending);
    if (isInStreamError(line.toString("utf8"))) throw serverError(where, line.toString("utf8"));
    throw new DnsightError("STORE", `clickhouse ${where}: result ended inside a row`);
  }
}
