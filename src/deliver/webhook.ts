import { createHmac } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import { DnsightError } from "../errors.js";
import type { AlertSink } from "./sink.js";

// An alert as JSON, POSTed to a URL the operator gave. With a secret, the body is
// signed (X-Dnsight-Signature: sha256=HMAC) so the receiver can tell it came from us.
// A 5xx, a timeout or a refused connection is tried again with back-off; a 4xx is not.

export interface WebhookOptions {
  secret?: string;
  timeoutMs?: number;
  /** Attempts in all (default 3). */
  attempts?: number;
  /** First back-off; doubled each time (default 1000 ms). */
  backoffMs?: number;
}

export function webhookSink(url: string, o: WebhookOptions = {}): AlertSink {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new DnsightError("USAGE", `--webhook wants an http(s) URL, got "${url}"`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    throw new DnsightError("USAGE", `--webhook wants an http(s) URL, got "${url}"`);
  const attempts = o.attempts ?? 3;
  const where = `${u.protocol}//${u.host}${u.pathname}`;
  return {
    name: `webhook ${where}`,
    async send(alert) {
      const body = JSON.stringify(alert);
      let last = "";
      for (let i = 0; i < attempts; i++) {
        if (i > 0) await sleep((o.backoffMs ?? 1000) * 2 ** (i - 1));
        const r = await post(u, body, o).catch((e: Error) => ({ status: 0, error: e.message }));
        if (r.status >= 200 && r.status < 300) return;
        last = r.status === 0 ? (r as { error: string }).error : `HTTP ${r.status}`;
        if (r.status >= 400 && r.status < 500) break; // the receiver refuses this alert: asking again will not help
      }
      throw new DnsightError("NETWORK", `not delivered: ${last}`);
    },
  };
}

function post(u: URL, body: string, o: WebhookOptions): Promise<{ status: number }> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body)),
    "user-agent": "dnsight",
  };
  if (o.secret)
    headers["x-dnsight-signature"] =
      `sha256=${createHmac("sha256", o.secret).update(body).digest("hex")}`;
  const timeoutMs = o.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const req = (u.protocol === "https:" ? httpsRequest : httpRequest)(
      u,
      { method: "POST", headers, timeout: timeoutMs },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}
