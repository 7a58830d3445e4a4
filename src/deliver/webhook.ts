import { createHash, createHmac } from "node:crypto";
import { DnsightError } from "../errors.js";
import { httpRequest } from "../net/http-client.js";
import type { AlertSink } from "./sink.js";

// An alert as JSON, POSTed to a URL the operator gave. With a secret, the body is
// signed (X-Dnsight-Signature: sha256=HMAC) so the receiver can tell it came from us.
// One attempt per call: the outbox runner retries. A 4xx other than 408, 425 and 429
// means the receiver refuses this alert, so it is not retried. The URL is the
// operator's own choice, so the address guard lets any address through.

export interface WebhookOptions {
  secret?: string;
}

/** The receiver's statuses that ask for another try later (RFC 9110 §15.5.9, RFC 8470, RFC 6585). */
const RETRYABLE_4XX = new Set([408, 425, 429]);

export function webhookSink(url: string, o: WebhookOptions = {}): AlertSink {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new DnsightError("INPUT", `a webhook URL must be an http or https URL, got "${url}"`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    throw new DnsightError(
      "INPUT",
      `a webhook URL must be an http or https URL, got a ${u.protocol} one`,
    );
  // Paths of hook URLs often carry the token (Slack, Teams): never print them.
  const where = `${u.protocol}//${u.host}${u.pathname === "/" ? "/" : "/…"}`;
  return {
    name: `webhook ${where}`,
    key: `webhook:${createHash("sha256").update(u.href).digest("hex").slice(0, 16)}`,
    async send(alert, signal) {
      const r = await post(u, JSON.stringify(alert), o, signal);
      if (r.status >= 200 && r.status < 300) return { ok: true };
      const retryAfterMs = retryAfter(r.retryAfter);
      return {
        ok: false,
        error: `HTTP ${r.status}`,
        ...(r.status >= 400 && r.status < 500 && !RETRYABLE_4XX.has(r.status)
          ? { permanent: true }
          : {}),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };
    },
  };
}

/** Retry-After in delay-seconds (RFC 9110 §10.2.3); a date form is read too. */
function retryAfter(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (/^\d{1,9}$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

async function post(
  u: URL,
  body: string,
  o: WebhookOptions,
  signal: AbortSignal,
): Promise<{ status: number; retryAfter?: string }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (o.secret)
    headers["x-dnsight-signature"] =
      `sha256=${createHmac("sha256", o.secret).update(body).digest("hex")}`;
  const r = await httpRequest(u, {
    method: "POST",
    headers,
    body,
    label: "webhook",
    // The runner's signal is the attempt's deadline; this one only backs it up.
    signal,
    timeoutMs: 600_000,
    // The receipt is the status line: a body, however long or slow, is not waited for.
    headersOnly: true,
    allowPrivate: true,
  }).catch((e: Error) => {
    // The sink's name already says which webhook: the message keeps only why.
    throw new DnsightError(
      e instanceof DnsightError ? e.code : "NETWORK",
      e.message.replace(`webhook ${u.host}: `, ""),
      { cause: e },
    );
  });
  const ra = r.headers["retry-after"];
  return { status: r.status, ...(ra !== undefined ? { retryAfter: ra } : {}) };
}
