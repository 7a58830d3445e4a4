import { readFileSync } from "node:fs";
import type { AlertSink } from "../deliver/sink.js";
import { parseSyslogTarget, syslogSink } from "../deliver/syslog.js";
import { webhookSink } from "../deliver/webhook.js";
import { optionValue } from "./option-value.js";
import { DnsightError } from "../errors.js";
import type { OptionSpec, OptionValues } from "./command.js";
import { strings, durationOption } from "./options.js";

// Where `monitor` sends new alerts, and how long one attempt may take. The webhook
// secret can come from a file or the environment, since argv is visible to every
// user of the machine in `ps`.

export const SECRET_ENV = "DNSIGHT_WEBHOOK_SECRET";

export const DELIVERY_OPTIONS = {
  webhook: {
    type: "string",
    multiple: true,
    value: "URL",
    description:
      "POST each new alert as JSON to URL; undelivered alerts wait in the store's outbox and are retried with back-off",
  },
  "webhook-secret-file": {
    type: "string",
    value: "FILE",
    description: `sign webhook bodies (X-Dnsight-Signature: sha256=HMAC) with the secret in FILE (or set $${SECRET_ENV})`,
  },
  "webhook-secret": {
    type: "string",
    value: "S",
    description: "the secret itself; visible to other users in ps, prefer the file or variable",
  },
  syslog: {
    type: "string",
    multiple: true,
    value: "udp://H[:P]|tcp://H[:P]",
    description: "send each new alert to syslog (RFC 5424)",
  },
  "syslog-facility": {
    type: "string",
    value: "F",
    description: "syslog facility (default local0)",
  },
  "delivery-timeout": {
    type: "string",
    value: "DURATION",
    description: "deadline of one delivery attempt, connect to last byte (default 10s)",
  },
} as const satisfies Record<string, OptionSpec>;

function webhookSecret(
  values: OptionValues<typeof DELIVERY_OPTIONS>,
  env: NodeJS.ProcessEnv,
): string | undefined {
  const file = values["webhook-secret-file"];
  const given = values["webhook-secret"];
  if (file !== undefined && given !== undefined)
    throw new DnsightError("USAGE", "give --webhook-secret-file or --webhook-secret, not both");
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      throw new DnsightError(
        "USAGE",
        `--webhook-secret-file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
    // One trailing newline is the editor's, not the secret's.
    const secret = text.replace(/\r?\n$/, "");
    if (secret === "") throw new DnsightError("USAGE", `--webhook-secret-file ${file} is empty`);
    return secret;
  }
  return given ?? (env[SECRET_ENV] || undefined);
}

/** The sinks the options ask for (none: no delivery). */
export function deliverySinks(
  values: OptionValues<typeof DELIVERY_OPTIONS>,
  env: NodeJS.ProcessEnv,
): AlertSink[] {
  const secret = webhookSecret(values, env);
  const facility = values["syslog-facility"];
  return [
    ...strings(values.webhook).map((u) =>
      optionValue("--webhook", () => webhookSink(u, secret !== undefined ? { secret } : {})),
    ),
    ...strings(values.syslog).map((t) =>
      optionValue("--syslog-facility", () =>
        syslogSink(
          optionValue("--syslog", () => parseSyslogTarget(t)),
          facility !== undefined ? { facility } : {},
        ),
      ),
    ),
  ];
}

/** --delivery-timeout in ms, or undefined for the default. */
export function deliveryTimeoutMs(
  values: OptionValues<typeof DELIVERY_OPTIONS>,
): number | undefined {
  const s = durationOption(values["delivery-timeout"], "delivery-timeout");
  if (s === undefined) return undefined;
  if (!(s > 0 && s <= 600))
    throw new DnsightError("USAGE", "--delivery-timeout wants a duration from 1s to 10m");
  return s * 1000;
}
