import { dataDir } from "../../data/data-dir.js";
import { lazyIpLookup } from "../../enrich/lazy.js";
import { resolveServers } from "../../dns/client/servers.js";
import { DnsightError } from "../../errors.js";
import {
  createMonitor,
  DEFAULT_DNS_INTERVAL_S,
  DEFAULT_REGISTRATION_INTERVAL_S,
  MAX_QPS,
  type MonitorEvent,
} from "../../flows/monitor.js";
import type { PassReport } from "../../monitor/pass.js";
import { openStore } from "../../store/open.js";
import { defineCommand, type CommandIO } from "../command.js";
import { alertLine } from "../format/alert-line.js";
import { DELIVERY_OPTIONS, deliverySinks, deliveryTimeoutMs } from "../delivery-options.js";
import {
  intOption,
  NS_PORT_OPTION,
  nsPortOption,
  SERVER_OPTION,
  strings,
  durationOption,
} from "../options.js";
import {
  allowPrivateOption,
  REGISTRATION_SOURCE_OPTIONS,
  registrationLookupOptions,
} from "../registration-options.js";
import { storeOption } from "../store-io.js";
import { HTTP_TIMEOUT_MS } from "../../net/http-client.js";
import { WHOIS_TIMEOUT_MS } from "../../registration/net/whois-client.js";
import { watchInterrupt } from "../interrupt.js";

// `dnsight monitor`: the watchlist, checked on a schedule (or once), the analytics run
// on each result, and new alerts printed. Per-check intervals with jitter; the last
// run of each check is in the store, so a restarted monitor picks up where it was.

/** The due checks another monitor sharing the store had in hand, when there were any. */
const elsewhere = (r: PassReport): string =>
  (r.heldElsewhere ? `, ${r.heldElsewhere} checks held by another monitor` : "") +
  (r.ranElsewhere ? `, ${r.ranElsewhere} just run by another monitor` : "");

function printPass(r: PassReport, json: boolean, io: CommandIO): void {
  for (const a of r.raised) io.stdout.write(json ? `${JSON.stringify(a)}\n` : `${alertLine(a)}\n`);
  for (const f of r.failures) io.stderr.write(`dnsight: ${f}\n`);
  io.stderr.write(
    `monitor pass: ${r.names} names, ${r.checks} checks, ${r.findings} findings: ${r.raised.length} new alerts, ${r.seenAgain} seen again${r.failures.length ? `, ${r.failures.length} checks failed` : ""}${elsewhere(r)}\n`,
  );
}

function printEvent(e: MonitorEvent, json: boolean, io: CommandIO): void {
  switch (e.kind) {
    case "nothing-watched":
      io.stderr.write("dnsight: nothing is watched; add names with 'dnsight watch add NAME'\n");
      return;
    case "started":
      io.stderr.write(
        `monitoring (DNS every ${e.dnsIntervalS} s, registration every ${e.registrationIntervalS} s; Ctrl-C to stop)\n`,
      );
      return;
    case "pass":
      printPass(e.report, json, io);
      return;
    case "deliveries":
      for (const p of e.report.problems) io.stderr.write(`dnsight: ${p}\n`);
      if (e.report.delivered > 0)
        io.stderr.write(`delivered ${e.report.delivered} alert deliveries\n`);
      return;
    case "queued":
      io.stderr.write(
        `dnsight: ${e.sink}: ${e.pending} alert${e.pending === 1 ? "" : "s"} waiting in the outbox${e.lastError ? ` (${e.lastError})` : ""}; the next monitor run retries\n`,
      );
  }
}

export const monitorCommand = defineCommand({
  name: "dnsight monitor",
  description:
    "Check the watched names on a schedule: for owned and third-party names active DNS (delegation, each authoritative server, apex, name and mail servers, subdomains known from passive DNS) and registration snapshots; for brands, their lookalikes in DNS data and the registrations of those. Then the ATT&CK analytics (T1583.001, T1584.001, T1584.002, T1665). New alerts are printed, stored and delivered. A check that fails is reported and the others still run.",
  options: {
    once: {
      type: "boolean",
      description: "one pass over every check now, then exit (1 if a check failed)",
    },
    server: SERVER_OPTION,
    "ns-port": NS_PORT_OPTION,
    retries: {
      type: "string",
      value: "N",
      description: "DNS: retries after the first attempt (default 2)",
    },
    interval: {
      type: "string",
      value: "DURATION",
      description: "DNS check every DURATION (default 1h)",
    },
    "registration-interval": {
      type: "string",
      value: "DURATION",
      description: "registration snapshot every DURATION (default 24h)",
    },
    http: {
      type: "boolean",
      description:
        "also GET / of aliased hosts that still resolve, to spot a service's 'unclaimed' page (subdomain takeover); sends HTTP requests to those hosts, private ones only if --allow-private names them",
    },
    qps: {
      type: "string",
      value: "N",
      description: "at most N DNS queries a second, all servers together (default: no limit)",
    },
    "no-registration": { type: "boolean", description: "skip the registration check" },
    json: { type: "boolean", description: "print new alerts as JSON lines" },
    ...DELIVERY_OPTIONS,
    ...REGISTRATION_SOURCE_OPTIONS,
    timeout: {
      type: "string",
      value: "MS",
      description: `first attempt timeout, DNS (default 2000) and registration requests (default: RDAP ${HTTP_TIMEOUT_MS}, WHOIS ${WHOIS_TIMEOUT_MS})`,
    },
  },
  examples: [
    "dnsight watch add example.com && dnsight monitor --once",
    "dnsight monitor --interval 15m --registration-interval 12h",
  ],
  async run({ values, io }) {
    const timeoutMs = intOption(values.timeout, "timeout", 1, 60000);
    const retries = intOption(values.retries, "retries", 0, 20);
    const dnsEvery = durationOption(values.interval, "interval") ?? DEFAULT_DNS_INTERVAL_S;
    const regEvery =
      durationOption(values["registration-interval"], "registration-interval") ??
      DEFAULT_REGISTRATION_INTERVAL_S;
    if (dnsEvery <= 0 || regEvery <= 0)
      throw new DnsightError("USAGE", "intervals must be longer than 0");
    const qps = values.qps === undefined ? undefined : Number(values.qps);
    if (qps !== undefined && !(qps > 0 && qps <= MAX_QPS))
      throw new DnsightError(
        "USAGE",
        `--qps wants queries per second above 0, got "${String(values.qps)}"`,
      );
    const servers = await resolveServers(strings(values.server), io.env);
    const nsPort = nsPortOption(values["ns-port"]);
    const sinks = deliverySinks(values, io.env);
    const store = await openStore(storeOption(values, io.env));
    try {
      const monitor = createMonitor({
        store,
        servers,
        nsPort,
        dnsIntervalS: dnsEvery,
        registrationIntervalS: regEvery,
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        ...(retries !== undefined ? { retries } : {}),
        ...(qps !== undefined ? { qps } : {}),
        // The probe's targets come from watched names' DNS: guarded like registry links.
        http: values.http === true ? allowPrivateOption(values) : false,
        // IP → AS number and country, for the "new network / country" analytics.
        ipLookup: lazyIpLookup(dataDir(values["data-dir"] as string | undefined, io.env)),
        ...(values["no-registration"] === true
          ? {}
          : { registration: registrationLookupOptions(values, io) }),
        sinks,
        deliveryTimeoutMs: deliveryTimeoutMs(values),
        onEvent: (e) => printEvent(e, values.json === true, io),
      });
      const interrupt = watchInterrupt();
      try {
        const r =
          values.once === true
            ? await monitor.runOnce(interrupt.signal)
            : await monitor.run(interrupt.signal);
        if (r.interrupted) {
          io.stderr.write(
            "dnsight: interrupted: checks under way abandoned, what finished is stored\n",
          );
          return interrupt.status();
        }
        return (r.pass?.failures.length ?? 0) > 0 ? 1 : 0;
      } finally {
        interrupt.dispose();
      }
    } finally {
      for (const s of sinks) await s.close?.();
      await store.close();
    }
  },
});
