import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { HttpError } from "../http.js";

// An upload: the raw body of a request (a capture or a log, not JSON) written to a
// temp file as it arrives, at most `maxBytes`, so a gigabyte never sits in memory.
// A body over the cap (by its Content-Length, before a byte is read, or as it
// arrives) is 413 and its file removed; so is anything written when the client
// goes away or the signal stops it. The routes of src/api/app.ts leave such a body
// unread for the route to take (v1/app.ts: `streamsBody`).

/** Content types an upload may carry: raw bytes (or none said). */
const RAW_TYPE = /^application\/octet-stream\s*(?:;|$)/i;

export interface Upload {
  path: string;
  bytes: number;
  /** Removes the file and its folder (twice is fine). */
  remove(): void;
}

/** The answer cuts the connection: the rest of the body is not read. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, message: string) {
  res.once("finish", () => req.socket?.destroy());
  return new HttpError(status, message, { connection: "close" });
}

/** Checks what the head says, before anything is read: 400, 413 or 415. */
export function checkUploadHead(
  req: IncomingMessage,
  res: ServerResponse,
  maxBytes: number,
): number | undefined {
  const length = req.headers["content-length"];
  const chunked = req.headers["transfer-encoding"] !== undefined;
  if (!chunked && (length === undefined || length === "0"))
    throw new HttpError(400, "the upload is empty: send the file as the request body");
  const type = req.headers["content-type"];
  if (type !== undefined && !RAW_TYPE.test(type))
    throw refuse(req, res, 415, "send the file as is, Content-Type: application/octet-stream");
  const declared = length === undefined ? undefined : Number(length);
  if (declared !== undefined && declared > maxBytes)
    throw refuse(req, res, 413, `the upload is larger than ${maxBytes} bytes`);
  return declared;
}

/** Writes the body to a temp file; rejects with HttpError (413, 400) and leaves no file. */
export async function receiveUpload(
  req: IncomingMessage,
  res: ServerResponse,
  maxBytes: number,
  signal: AbortSignal,
): Promise<Upload> {
  const dir = mkdtempSync(join(tmpdir(), "dnsight-upload-"));
  const path = join(dir, "body");
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  let over = false;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        over = true;
        done(new Error("over the cap"));
      } else done(null, chunk);
    },
  });
  // RFC 9110 10.1.1: the client waits for this before sending the body.
  if (/100-continue/i.test(req.headers.expect ?? "")) res.writeContinue();
  try {
    await pipeline(req, cap, createWriteStream(path, { mode: 0o600 }), { signal });
  } catch (e) {
    remove();
    if (over) throw refuse(req, res, 413, `the upload is larger than ${maxBytes} bytes`);
    if (signal.aborted) throw refuse(req, res, 409, "the job was cancelled during its upload");
    // The disk failed us (ENOSPC...): ours, not the client's.
    if ((e as NodeJS.ErrnoException).syscall !== undefined) throw e;
    throw refuse(req, res, 400, `the upload was cut short after ${bytes} bytes`);
  }
  return { path, bytes, remove };
}
