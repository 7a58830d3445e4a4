import { DnsightError } from "../../errors.js";
import {
  runSensor,
  SENSOR_FORMATS,
  type SensorFormat,
  type SensorStats,
} from "../../flows/sensor.js";
import { serveMetrics, type Metric } from "../../fleet/metrics.js";
import { connectNats, DEFAULT_STREAM } from "../../fleet/stream.js";
import { parseListenAddress } from "../../passive/sources/dnstap/listener.js";
import { openSqliteStore } from "../../store/sqlite/sqlite-store.js";
import { defineCommand } from "../command.js";
import { watchInterrupt } from "../interrupt.js";
import { intOption } from "../options.js";
import { optionValue } from "../option-value.js";
import { hostname } from "node:os";

// `dnsight sensor FORMAT SOURCE --nats URL`: what ingest reads, published instead of stored.

export const sensorCommand = defineCommand({
  name: "dnsight sensor",
  description:
    "Read passive DNS where it is seen and publish it to NATS JetStream for `dnsight collect`: a dnstap socket (unix:PATH or tcp:HOST:PORT, from Unbound, Knot or BIND), a pcap stream on standard input (tcpdump -w -), or a capture or Zeek dns.log file, followed as it grows (a rotated log is read to its end and the new one taken up). " +
    "Observations are merged in memory for a few seconds and published as batches named by sensor and sequence. When the stream is full or the server is away, publishing waits and so does the reading (tcpdump and the dnstap sender then count what they drop); nothing is dropped here. A file's position is kept in a small checkpoint file, so a sensor started again carries on after the last batch the server acknowledged. Runs until Ctrl-C or SIGTERM.",
  positionals: [
    { name: "FORMAT", description: SENSOR_FORMATS.join("|"), required: true },
    {
      name: "SOURCE",
      description: "unix:PATH|tcp:HOST:PORT (dnstap), FILE, or - for standard input",
      required: true,
    },
  ],
  options: {
    nats: {
      type: "string",
      value: "URL",
      description: "the NATS server, e.g. nats://127.0.0.1:4222",
    },
    sensor: {
      type: "string",
      value: "ID",
      description: "this sensor's id (default: the host name)",
    },
    stream: {
      type: "string",
      value: "NAME",
      description: `the JetStream stream (default ${DEFAULT_STREAM})`,
    },
    "flush-seconds": {
      type: "string",
      value: "N",
      description: "seconds observations are merged before they are published (default 2)",
    },
    checkpoints: {
      type: "string",
      value: "FILE",
      description: "where a file's position is kept (default ./dnsight-sensor.db)",
    },
    metrics: {
      type: "string",
      value: "HOST:PORT",
      description: "serve Prometheus counters at /metrics and health at /healthz",
    },
  },
  examples: [
    "dnsight sensor dnstap unix:/run/dnsight/dnstap.sock --nats nats://10.0.0.5:4222 --sensor resolver-1",
    "tcpdump -i eth0 -w - port 53 | dnsight sensor pcap - --nats nats://10.0.0.5:4222 --sensor edge-1",
    "dnsight sensor zeek /opt/zeek/logs/current/dns.log --nats nats://10.0.0.5:4222",
  ],
  async run({ values, positionals, io }) {
    const format = positionals[0] ?? "";
    if (!(SENSOR_FORMATS as readonly string[]).includes(format))
      throw new DnsightError(
        "USAGE",
        `sensor: FORMAT must be one of ${SENSOR_FORMATS.join(", ")}, got "${format}"`,
      );
    const source = positionals[1]!;
    const url = values.nats;
    if (url === undefined) throw new DnsightError("USAGE", "sensor: give --nats URL");
    const listening = /^(unix|tcp):/.test(source);
    if (listening && format !== "dnstap")
      throw new DnsightError("USAGE", "sensor: a unix: or tcp: SOURCE is for dnstap only");
    if (listening) optionValue("SOURCE", () => parseListenAddress(source));
    const flush = intOption(values["flush-seconds"], "flush-seconds", 1, 3600);
    const sensor = values.sensor ?? hostname();
    const interrupt = watchInterrupt();
    const nc = await connectNats(url, `dnsight sensor ${sensor}`, (secs) =>
      io.stderr.write(`waiting for the NATS server at ${url} (${secs} s so far)…\n`),
    );
    const checkpoints =
      listening || source === "-"
        ? undefined
        : await openSqliteStore(values.checkpoints ?? "dnsight-sensor.db");
    let stats: SensorStats | undefined;
    const metrics =
      values.metrics === undefined
        ? undefined
        : await serveMetrics(
            values.metrics,
            async () => sensorMetrics(sensor, stats),
            () => !nc.isClosed(),
          );
    if (metrics) io.stderr.write(`metrics on http://${metrics.address}/metrics\n`);
    try {
      const out = await runSensor({
        format: format as SensorFormat,
        source,
        ...(source === "-" ? { bytes: io.stdin } : {}),
        nc,
        sensor,
        ...(values.stream !== undefined ? { stream: values.stream } : {}),
        ...(checkpoints ? { checkpoints } : {}),
        ...(flush !== undefined ? { flushSeconds: flush } : {}),
        signal: interrupt.signal,
        onListening: (a) => io.stderr.write(`listening for dnstap on ${a} (Ctrl-C to stop)\n`),
        onStart: (s) => (stats = s),
        onRetry: (why) => io.stderr.write(`dnsight: publish refused, trying again: ${why}\n`),
        onError: (e) => io.stderr.write(`dnsight: dnstap connection: ${e.message}\n`),
      });
      stats = out;
      io.stderr.write(
        `published ${out.published.rows.toLocaleString("en-US")} rows in ${out.published.published} messages from ${out.items.toLocaleString("en-US")} items` +
          (out.skipped.total > 0 ? ` (${out.skipped.total} skipped)` : "") +
          "\n",
      );
      return interrupt.signal.aborted ? interrupt.status() : 0;
    } finally {
      interrupt.dispose();
      await metrics?.close();
      await nc.close();
      await checkpoints?.close();
    }
  },
});

function sensorMetrics(sensor: string, s: SensorStats | undefined): Metric[] {
  if (!s) return [];
  const labels = { sensor };
  const counter = (name: string, help: string, value: number): Metric => ({
    name: `dnsight_sensor_${name}`,
    help,
    type: "counter",
    value,
    labels,
  });
  return [
    counter("received_total", "items read (capture messages, log lines, dnstap frames)", s.items),
    counter("observations_total", "observations made, before merging", s.observations),
    counter("published_total", "messages the server acknowledged", s.published.published),
    counter("published_rows_total", "observation rows in acknowledged messages", s.published.rows),
    counter(
      "retries_total",
      "publishes refused (stream full, server away) and sent again",
      s.published.retries,
    ),
    counter("skipped_total", "items that could not be read (damaged or not DNS)", s.skipped.total),
    ...[...s.connectionsClosed].map(([reason, n]): Metric => ({
      name: "dnsight_sensor_connections_closed_total",
      help: "dnstap connections the sensor closed for a limit (what they carried after is lost)",
      type: "counter",
      value: n,
      labels: { sensor, reason },
    })),
    {
      name: "dnsight_sensor_lag_seconds",
      help: "how long the oldest observation read and not yet in the stream has waited (0: none waits)",
      type: "gauge",
      value: s.lagSeconds(),
      labels,
    },
    {
      name: "dnsight_sensor_waited_seconds_total",
      help: "time spent waiting for the stream to take batches (backpressure)",
      type: "counter",
      value: s.published.waitedMs / 1000,
      labels,
    },
  ];
}
