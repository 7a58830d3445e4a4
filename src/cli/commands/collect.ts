import { dataDir } from "../../data/data-dir.js";
import { DnsightError } from "../../errors.js";
import { runCollect } from "../../flows/collect.js";
import type { Collector } from "../../fleet/collector.js";
import { serveMetrics, type Metric } from "../../fleet/metrics.js";
import { connectNats, DEFAULT_DURABLE, DEFAULT_STREAM } from "../../fleet/stream.js";
import { openStore } from "../../store/open.js";
import { alertNotice } from "../format/alert-line.js";
import { defineCommand } from "../command.js";
import { watchInterrupt } from "../interrupt.js";
import { DATA_DIR_OPTION, durationOption, intOption } from "../options.js";
import { storeOption } from "../store-io.js";

// `dnsight collect --nats URL`: the sensor stream into the store, until stopped.

export const collectCommand = defineCommand({
  name: "dnsight collect",
  description:
    "Consume the observation batches sensors publish (dnsight sensor) from NATS JetStream into the store (--db, any backend), with the analytics an ingest runs. A batch is acknowledged only once it is stored; a batch delivered again (a collector killed after its write, an acknowledgement lost) is recognised by its id and not counted twice. Several collectors on one stream share the work through one durable consumer, and a collector started again carries on. A batch that can never be stored (it does not decode, or a row is refused) is dropped, counted and named on standard error. Runs until Ctrl-C or SIGTERM.",
  options: {
    nats: {
      type: "string",
      value: "URL",
      description: "the NATS server, e.g. nats://127.0.0.1:4222",
    },
    stream: {
      type: "string",
      value: "NAME",
      description: `the JetStream stream (default ${DEFAULT_STREAM})`,
    },
    durable: {
      type: "string",
      value: "NAME",
      description: `the durable consumer collectors share (default ${DEFAULT_DURABLE})`,
    },
    "ack-wait": {
      type: "string",
      value: "SECONDS",
      description:
        "how long a delivered batch may go unacknowledged (a collector killed mid-batch) before it is delivered again, set when the durable consumer is made (default 60)",
    },
    "remember-batches": {
      type: "string",
      value: "DURATION",
      description:
        "how long a stored batch's id is kept, to know the batch if it comes again (default 7d); older ids are forgotten hourly, so the store does not keep a row per batch forever",
    },
    metrics: {
      type: "string",
      value: "HOST:PORT",
      description: "serve Prometheus counters at /metrics and health at /healthz",
    },
    "no-detect": { type: "boolean", description: "store only, without the ingest analytics" },
    "data-dir": DATA_DIR_OPTION,
  },
  examples: [
    "dnsight collect --nats nats://127.0.0.1:4222 --db clickhouse://127.0.0.1:8123/dnsight --state postgres://dnsight@db/dnsight",
    "dnsight collect --nats nats://127.0.0.1:4222 --metrics 127.0.0.1:9465",
  ],
  async run({ values, io }) {
    const url = values.nats;
    if (url === undefined) throw new DnsightError("USAGE", "collect: give --nats URL");
    const ackWait = intOption(values["ack-wait"], "ack-wait", 1, 86_400);
    const remember = durationOption(values["remember-batches"], "remember-batches");
    // Shorter than a redelivery can take, a batch acknowledged late would count twice.
    if (remember !== undefined && remember < 3600)
      throw new DnsightError("USAGE", "collect: --remember-batches must be at least 1h");
    const interrupt = watchInterrupt();
    const store = await openStore(storeOption(values, io.env), { lockTimeoutMs: Infinity });
    const nc = await connectNats(url, "dnsight collect", (secs) =>
      io.stderr.write(`waiting for the NATS server at ${url} (${secs} s so far)…\n`),
    );
    let collector: Collector | undefined;
    const metrics =
      values.metrics === undefined
        ? undefined
        : await serveMetrics(
            values.metrics,
            () => collectorMetrics(collector),
            () => !nc.isClosed(),
          );
    if (metrics) io.stderr.write(`metrics on http://${metrics.address}/metrics\n`);
    try {
      const counters = await runCollect({
        nc,
        store,
        ...(values.stream !== undefined ? { stream: values.stream } : {}),
        ...(values.durable !== undefined ? { durable: values.durable } : {}),
        ...(ackWait !== undefined ? { ackWaitSeconds: ackWait } : {}),
        ...(remember !== undefined ? { rememberSeconds: remember } : {}),
        detect: values["no-detect"] !== true,
        dataDir: dataDir(values["data-dir"], io.env),
        signal: interrupt.signal,
        onStart: (c) => {
          collector = c;
          io.stderr.write(`collecting from ${url} (Ctrl-C to stop)\n`);
        },
        onProblem: (l) => io.stderr.write(`dnsight: ${l}\n`),
        onAlerts: (alerts) => {
          for (const a of alerts) io.stderr.write(`${alertNotice(a)}\n`);
        },
      });
      io.stderr.write(
        `collected ${counters.rows.toLocaleString("en-US")} rows in ${counters.acknowledged} batches` +
          ` (${counters.duplicates} already stored, ${counters.redelivered} redelivered, ${counters.dropped} dropped)\n`,
      );
      return interrupt.signal.aborted ? interrupt.status() : 0;
    } finally {
      interrupt.dispose();
      await metrics?.close();
      await nc.close();
      await store.close();
    }
  },
});

async function collectorMetrics(c: Collector | undefined): Promise<Metric[]> {
  if (!c) return [];
  const k = c.counters;
  const lag = await c.lag().catch(() => undefined);
  const counter = (name: string, help: string, value: number): Metric => ({
    name: `dnsight_collect_${name}`,
    help,
    type: "counter",
    value,
  });
  return [
    counter("received_total", "batches delivered to this collector", k.received),
    counter(
      "acknowledged_total",
      "batches stored (or found stored) and acknowledged",
      k.acknowledged,
    ),
    counter("redelivered_total", "deliveries the server marked as redelivered", k.redelivered),
    counter("duplicates_total", "batches found already stored, not written again", k.duplicates),
    counter("dropped_total", "batches that could never be stored, terminated", k.dropped),
    counter("rows_total", "observation rows written", k.rows),
    counter(
      "forgotten_total",
      "ids of stored batches forgotten, older than --remember-batches",
      k.forgotten,
    ),
    {
      name: "dnsight_collect_lag_batches",
      help: "batches in the stream not yet delivered to the consumer group (-1: unknown)",
      type: "gauge",
      value: lag?.pending ?? -1,
    },
    {
      name: "dnsight_collect_unacknowledged_batches",
      help: "batches delivered and not yet acknowledged (-1: unknown)",
      type: "gauge",
      value: lag?.unacknowledged ?? -1,
    },
  ];
}
