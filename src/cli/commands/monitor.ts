import { setTimeout as sleep } from "node:timers/promises";
import { dataDir } from "../../data/data-dir.js";
import { lazyIpLookup } from "../../enrich/lazy.js";
import { loadFingerprints } from "../../detect/takeover-fingerprints.js";
import { endpointOf } from "../../dns/client/endpoint.js";
import { resolveServers } from "../../dns/client/servers.js";
import { StubClient } from "../../dns/client/stub.js";
import { DnsightError } from "../../errors.js";
import { OutboxRunner, type DeliveryReport } from "../../deliver/outbox-runner.js";
import type { Alert } from "../../model/alert.js";
import { monitorPass, type PassReport } from "../../monitor/pass.js";
import { dueFunction, rateLimited } from "../../monitor/schedule.js";
import { openStore } from "../../store/open.js";
import type { OutboxStore } from "../../store/outbox.js";
import type { AlertSink } from "../../deliver/sink.js";
import { TokenBucket } from "../../util/token-bucket.js";
import { defineCommand, type CommandIO } from "../command.js";
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
import { INTERRUPTED, unlessInterrupted, watchInterrupt } from "../interrupt.js";

// `dnsight monitor`: the watchlist, checked on a schedule (or once), the analytics run
// on each result, and new alerts printed. Per-check intervals with jitter; the last
// run of each check is in the store, so a restarted monitor picks up where it was.

const DEFAULT_DNS_INTERVAL_S = 3600;
const DEFAULT_REGISTRATION_INTERVAL_S = 24 * 3600;
/** How long `--once` goes on delivering after its pass; the rest waits in the outbox. */
const ONCE_DELIVERY_BUDGET_MS = 30_000;
/** How often a running monitor looks for checks that are due. */
const TICK_MS = 30_000;

function alertLine(a: Alert): string {
  return `${a.severity.padEnd(8)} ${a.techniques.join(",").padEnd(10)} ${a.entity}  ${a.summary}  [${a.id}]`;
}

function printPass(r: PassReport, json: boolean, io: CommandIO): void {
  for (const a of r.raised) io.stdout.write(json ? `${JSON.stringify(a)}\n` : `${alertLine(a)}\n`);
  for (const f of r.failures) io.stderr.write(`dnsight: ${f}\n`);
  io.stderr.write(
    `monitor pass: ${r.names} names, ${r.checks} checks, ${r.findings} findings: ${r.raised.length} new alerts, ${r.seenAgain} seen again${r.failures.length ? `, ${r.failures.length} checks failed` : ""}\n`,
  );
}

function printDeliveries(d: DeliveryReport, io: CommandIO): void {
  for (const p of d.problems) io.stderr.write(`dnsight: ${p}\n`);
  if (d.delivered > 0) io.stderr.write(`delivered ${d.delivered} alert deliveries\n`);
}

async function printQueued(
  outbox: OutboxStore,
  sinks: readonly AlertSink[],
  io: CommandIO,
): Promise<void> {
  const names = new Map(sinks.map((s) => [s.key, s.name]));
  for (const q of await outbox.outboxSummary()) {
    const name = names.get(q.sink);
    if (name === undefined || q.pending === 0) continue;
    io.stderr.write(
      `dnsight: ${name}: ${q.pending} alert${q.pending === 1 ? "" : "s"} waiting in the outbox${q.lastError ? ` (${q.lastError})` : ""}; the next monitor run retries\n`,
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
    if (qps !== undefined && !(qps > 0 && qps <= 100_000))
      throw new DnsightError(
        "USAGE",
        `--qps wants queries per second above 0, got "${String(values.qps)}"`,
      );
    // One budget for every DNS query of the monitor, whichever server it goes to.
    const bucket =
      qps !== undefined ? new TokenBucket(qps, Math.max(1, Math.ceil(qps / 10))) : undefined;
    const limit = (c: StubClient): StubClient => (bucket ? rateLimited(c, bucket) : c);
    const resolver = limit(
      new StubClient({
        servers: await resolveServers(strings(values.server), io.env),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        ...(retries !== undefined ? { retries } : {}),
      }),
    );
    const nsPort = nsPortOption(values["ns-port"]);
    const direct = new Map<string, StubClient>();
    const deps = {
      resolver,
      direct: (address: string): StubClient => {
        let c = direct.get(address);
        if (!c)
          direct.set(
            address,
            (c = limit(
              new StubClient({
                servers: [endpointOf(address, nsPort)],
                recurse: false,
                ...(timeoutMs !== undefined ? { timeoutMs } : {}),
                ...(retries !== undefined ? { retries } : {}),
              }),
            )),
          );
        return c;
      },
      fingerprints: loadFingerprints(),
      // The probe's targets come from watched names' DNS: guarded like registry links.
      http: values.http === true ? allowPrivateOption(values) : false,
      // IP → AS number and country, for the "new network / country" analytics.
      ipLookup: lazyIpLookup(dataDir(values["data-dir"] as string | undefined, io.env)),
      ...(values["no-registration"] === true
        ? {}
        : { registration: registrationLookupOptions(values, io) }),
    };
    const sinks = deliverySinks(values, io.env);
    const attemptTimeoutMs = deliveryTimeoutMs(values);
    const store = await openStore(storeOption(values, io.env));
    try {
      if (!store.watches)
        throw new DnsightError("USAGE", `the ${store.backend} store keeps no watchlist`);
      if (sinks.length > 0 && !store.outbox)
        throw new DnsightError("USAGE", `the ${store.backend} store keeps no delivery outbox`);
      if ((await store.watches.listWatches()).length === 0)
        io.stderr.write("dnsight: nothing is watched; add names with 'dnsight watch add NAME'\n");
      const outbox = store.outbox && new OutboxRunner(store.outbox, sinks, { attemptTimeoutMs });
      const report = async (r: PassReport): Promise<void> => {
        printPass(r, values.json === true, io);
        await outbox?.enqueue(r.raised);
      };
      const interrupt = watchInterrupt();
      const stopped = async (): Promise<number> => {
        io.stderr.write(
          "dnsight: interrupted: checks under way abandoned, what finished is stored\n",
        );
        await outbox?.stop({ abandon: true });
        return interrupt.status();
      };
      try {
        if (values.once === true) {
          const r = await unlessInterrupted(monitorPass({ ...deps, store }), interrupt.signal);
          if (r === INTERRUPTED) return await stopped();
          await report(r);
          // Deliveries after the pass, bounded: what is not through in time stays queued.
          if (outbox && sinks.length > 0) {
            printDeliveries(await outbox.drain(ONCE_DELIVERY_BUDGET_MS), io);
            await printQueued(store.outbox!, sinks, io);
          }
          return r.failures.length > 0 ? 1 : 0;
        }
        if (sinks.length > 0) outbox?.start((d) => printDeliveries(d, io));
        const due = dueFunction({ dns: dnsEvery, registration: regEvery, lookalikes: regEvery });
        io.stderr.write(
          `monitoring (DNS every ${dnsEvery} s, registration every ${regEvery} s; Ctrl-C to stop)\n`,
        );
        for (;;) {
          const r = await unlessInterrupted(monitorPass({ ...deps, store }, due), interrupt.signal);
          if (r === INTERRUPTED) return await stopped();
          if (r.checks > 0) await report(r);
          const slept = await unlessInterrupted(sleep(TICK_MS), interrupt.signal);
          if (slept === INTERRUPTED) return await stopped();
        }
      } finally {
        interrupt.dispose();
        await outbox?.stop();
      }
    } finally {
      for (const s of sinks) await s.close?.();
      await store.close();
    }
  },
});
