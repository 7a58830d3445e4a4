import type { Alert } from "../model/alert.js";

// Where new alerts go besides the store: a webhook, syslog. Delivery never blocks
// detection: alerts are queued in the outbox (src/store/outbox.ts) and sent by the
// runner (outbox-runner.ts), which owns retries; a sink makes one attempt.

/** How one attempt went. A thrown error counts as a failure worth retrying. */
export type SendResult =
  | { ok: true }
  | {
      ok: false;
      error: string;
      /** The receiver refused this alert (most 4xx): asking again will not help. */
      permanent?: boolean;
      /** The receiver asked us to wait this long (Retry-After). */
      retryAfterMs?: number;
    };

export interface AlertSink {
  /** For messages, with no secret in it: "webhook https://soc.example/…", "syslog udp://h:514". */
  readonly name: string;
  /** Stable across runs and free of secrets: names this sink's queue in the outbox. */
  readonly key: string;
  /** One attempt; it should give up when `signal` aborts (the attempt's deadline). */
  send(alert: Alert, signal: AbortSignal): Promise<SendResult>;
  close?(): Promise<void>;
}

/**
 * One attempt under a deadline. A sink that ignores the signal still cannot hold
 * the caller past `timeoutMs`: its promise is raced and left to settle on its own.
 */
export async function attemptSend(
  sink: AlertSink,
  alert: Alert,
  timeoutMs: number,
): Promise<SendResult> {
  const ac = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<SendResult>((resolve) => {
    timer = setTimeout(() => {
      ac.abort();
      resolve({ ok: false, error: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
  });
  const attempt = sink.send(alert, ac.signal).catch((e: unknown): SendResult => ({
    ok: false,
    error: ac.signal.aborted
      ? `no answer within ${timeoutMs} ms`
      : e instanceof Error
        ? e.message
        : String(e),
  }));
  try {
    return await Promise.race([attempt, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
