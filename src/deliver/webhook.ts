import { createHash, createHmac } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { DnsightError } from "../errors.js";
import type { AlertSink } from "./sink.js";

// An alert as JSON, POSTed to a URL the operator gave. With a secret, the body is
// signed (X-Dnsight-Signature: sha256=HMAC) so the receiver can tell it came from us.
// One attempt per call: the outbox runner retries. A 4xx other than 408, 425 and 429
// means the receiver refuses this alert, so it is not retried.

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
    throw new DnsightError("USAGE", "--webhook wants an http(s) URL");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    throw new DnsightError("USAGE", `--webhook wants an http(s) URL, got a ${u.protocol} one`);
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

function post(
  u: URL,
  body: string,
  o: WebhookOptions,
  signal: AbortSignal,
): Promise<{ status: number; retryAfter?: string }> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body)),
    "user-agent": "dnsight",
  };
  if (o.secret)
    headers["x-dnsight-signature"] =
      `sha256=${createHmac("sha256", o.secret).update(body).digest("hex")}`;
  return new Promise((resolve, reject) => {
    const req = (u.protocol === "https:" ? httpsRequest : httpRequest)(
      u,
      { method: "POST", headers, signal },
      (res) => {
        res.resume();
        const ra = res.headers["retry-after"];
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, ...(ra !== undefined ? { retryAfter: ra } : {}) }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
