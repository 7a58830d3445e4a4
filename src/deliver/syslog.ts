import { createSocket } from "node:dgram";
import { hostname } from "node:os";
import { connect, type Socket } from "node:net";
import { DnsightError } from "../errors.js";
import type { Alert } from "../model/alert.js";
import type { AlertSink } from "./sink.js";

// Alerts to syslog as RFC 5424 messages: over UDP one datagram each (RFC 5426), over
// TCP with octet-counting framing (RFC 6587 §3.4.1). The structured data carries the
// alert's id, rule, technique and entity, so a SIEM can file it without parsing text.

const FACILITIES: Record<string, number> = {
  kern: 0,
  user: 1,
  mail: 2,
  daemon: 3,
  auth: 4,
  syslog: 5,
  lpr: 6,
  news: 7,
  uucp: 8,
  cron: 9,
  authpriv: 10,
  ftp: 11,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
};
const SEVERITY: Record<Alert["severity"], number> = { critical: 2, high: 3, medium: 4, low: 5 };
/** The private enterprise number set aside for documentation (RFC 5612). */
const SD_ID = "dnsight@32473";

export interface SyslogTarget {
  transport: "udp" | "tcp";
  host: string;
  port: number;
}

/** `udp://host:514` or `tcp://host:514` (port default 514). */
export function parseSyslogTarget(spec: string): SyslogTarget {
  const m = /^(udp|tcp):\/\/(\[[^\]]+\]|[^:/]+)(?::(\d{1,5}))?\/?$/.exec(spec);
  const port = m?.[3] === undefined ? 514 : Number(m[3]);
  if (!m || port < 1 || port > 65535)
    throw new DnsightError(
      "INPUT",
      `a syslog target must be udp://HOST[:PORT] or tcp://HOST[:PORT], got "${spec}"`,
    );
  return { transport: m[1] as "udp" | "tcp", host: m[2]!.replace(/^\[|\]$/g, ""), port };
}

const sdValue = (v: string): string => v.replace(/[\\"\]]/g, (c) => `\\${c}`);

export function syslogMessage(a: Alert, facility = "local0", host = hostname()): string {
  const pri = (FACILITIES[facility] ?? 16) * 8 + SEVERITY[a.severity];
  const sd = `[${SD_ID} id="${sdValue(a.id)}" rule="${sdValue(a.rule)}" technique="${sdValue(a.techniques.join(","))}" entity="${sdValue(a.entity)}" severity="${a.severity}"]`;
  const msgid = a.techniques[0] ?? "-";
  return `<${pri}>1 ${a.lastSeen} ${host || "-"} dnsight ${process.pid} ${msgid} ${sd} ${a.summary}`;
}

export function syslogSink(
  target: SyslogTarget,
  o: { facility?: string; timeoutMs?: number } = {},
): AlertSink {
  const facility = o.facility ?? "local0";
  if (!(facility in FACILITIES))
    throw new DnsightError("INPUT", `unknown syslog facility "${facility}"`);
  const name = `syslog ${target.transport}://${target.host}:${target.port}`;
  const timeoutMs = o.timeoutMs ?? 5000;
  let tcp: Promise<Socket> | undefined;
  const openTcp = (): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const s = connect({ host: target.host, port: target.port, timeout: timeoutMs });
      s.once("connect", () => resolve(s));
      s.once("timeout", () => s.destroy(new Error(`no connection in ${timeoutMs} ms`)));
      s.once("error", (e) => {
        tcp = undefined;
        reject(e);
      });
      s.once("close", () => (tcp = undefined));
    });
  return {
    name,
    key: `syslog:${target.transport}://${target.host}:${target.port}`,
    async send(alert, signal) {
      const msg = Buffer.from(syslogMessage(alert, facility), "utf8");
      if (target.transport === "udp") {
        const sock = createSocket(target.host.includes(":") ? "udp6" : "udp4");
        try {
          await new Promise<void>((resolve, reject) =>
            sock.send(msg, target.port, target.host, (e) => (e ? reject(e) : resolve())),
          );
        } finally {
          sock.close();
        }
        return { ok: true };
      }
      const s = await (tcp ??= openTcp());
      // A receiver that stops reading fills the socket: the deadline drops the connection.
      const onAbort = (): void => void s.destroy(new Error("deadline passed"));
      signal.addEventListener("abort", onAbort, { once: true });
      try {
        await new Promise<void>((resolve, reject) =>
          s.write(Buffer.concat([Buffer.from(`${msg.length} `), msg]), (e) =>
            e ? reject(e) : resolve(),
          ),
        );
      } finally {
        signal.removeEventListener("abort", onAbort);
      }
      return { ok: true };
    },
    async close() {
      const s = await tcp?.catch(() => undefined);
      s?.end();
    },
  };
}
