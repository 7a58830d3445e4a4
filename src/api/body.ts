import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError } from "./http.js";

// Request bodies, for the few routes that take one (a login, and state-changing
// routes to come): JSON only, at most BODY_MAX bytes, read within BODY_DEADLINE_MS.
// A body too large (by its Content-Length, or as it arrives), of another type, or too
// slow is refused and the connection closed: keeping it would mean reading on.

export const BODY_MAX = 16 * 1024;

/** True when the request has content (RFC 9112 6.3: a length or a chunked transfer). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/** application/json or a +json type (RFC 6839 3.1), any parameters after it. */
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

const closing = (status: number, message: string): HttpError =>
  new HttpError(status, message, { connection: "close" });

export interface BodyLimits {
  maxBytes: number;
  deadlineMs: number;
}

/** The body as text, or HttpError 408/413/415/400; the connection is cut after such an answer. */
export async function readJsonBody(
  req: IncomingMessage,
  res: ServerResponse,
  limits: BodyLimits,
): Promise<string> {
  const fail = (e: HttpError): HttpError => {
    res.once("finish", () => req.socket.destroy());
    return e;
  };
  if (!JSON_TYPE.test(req.headers["content-type"] ?? ""))
    throw fail(closing(415, "the body must be JSON (Content-Type: application/json)"));
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limits.maxBytes)
    throw fail(closing(413, `the body is larger than ${limits.maxBytes} bytes`));
  // RFC 9110 10.1.1: the client waits for this before sending the body.
  if (/100-continue/i.test(req.headers.expect ?? "")) res.writeContinue();
  const chunks: Buffer[] = [];
  let size = 0;
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    const timer = setTimeout(
      () => finish(closing(408, `the body did not arrive within ${limits.deadlineMs / 1000} s`)),
      limits.deadlineMs,
    );
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limits.maxBytes)
        return finish(closing(413, `the body is larger than ${limits.maxBytes} bytes`));
      chunks.push(chunk);
    };
    const onEnd = (): void => finish();
    const onAbort = (): void => finish(closing(400, "the body was cut short"));
    function finish(e?: HttpError): void {
      clearTimeout(timer);
      req.off("data", onData).off("end", onEnd).off("error", onAbort).off("aborted", onAbort);
      if (e) {
        req.pause();
        reject(fail(e));
      } else resolve(Buffer.concat(chunks, size));
    }
    req.on("data", onData).once("end", onEnd).once("error", onAbort).once("aborted", onAbort);
  });
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, "the body is not UTF-8");
  }
}
