// The fleet commands as a user runs them, each a process of its own (`dnsight sensor`,
// `dnsight collect`, `ingest`, `export`), and what the fleet tests read off them: the
// /metrics address each prints, a metric's value, a store's COF export, sorted.
import assert from "node:assert/strict";
import { get } from "node:http";
import { dnsight, type Run } from "./cli-process.js";
import { waitFor } from "./_process.js";

export { dnsight, ROOT, type Run } from "./cli-process.js";

/** `dnsight collect` from `nats` into `db`, without the analytics, /metrics on a free port. */
export const startCollector = (nats: string, db: string): Run =>
  dnsight(["collect", "--nats", nats, "--db", db, "--no-detect", "--metrics", "127.0.0.1:0"]);

/** `dnsight sensor FORMAT SOURCE` publishing to `nats` as `name`, merging for a second; `more` adds options. */
export const startSensor = (
  format: string,
  source: string,
  nats: string,
  name: string,
  ...more: string[]
): Run =>
  dnsight([
    "sensor",
    format,
    source,
    "--nats",
    nats,
    "--sensor",
    name,
    "--flush-seconds",
    "1",
    ...more,
  ]);

export function fetchText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let s = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (s += c));
      res.on("end", () => resolve(s));
    }).on("error", reject);
  });
}

export const metricsUrl = (r: Run): Promise<string> =>
  waitFor(
    "the metrics address",
    () => /metrics on (http:\/\/\S+)/.exec(r.stderr())?.[1],
    30_000,
    50,
  );

export const metric = (text: string, name: string): number | undefined => {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "m").exec(text);
  return m ? Number(m[1]) : undefined;
};

export async function cof(db: string): Promise<string[]> {
  const r = dnsight(["export", "cof", "--db", db]);
  assert.equal(await r.exit, 0, r.stderr());
  return r.stdout().trim().split("\n").sort();
}

/** Waits until the collectors' consumer has nothing waiting and nothing unacknowledged. */
export async function drained(collectorMetrics: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    "the stream drained",
    async () => {
      const m = await fetchText(collectorMetrics).catch(() => "");
      return metric(m, "dnsight_collect_lag_batches") === 0 &&
        metric(m, "dnsight_collect_unacknowledged_batches") === 0
        ? true
        : undefined;
    },
    timeoutMs,
    100,
  );
}

/**
 * Waits until a file sensor has made at least `atLeast` observations (the input's
 * known total, less what ingest holds back until the next line or record begins), and
 * the count has settled.
 */
export async function sensorCaughtUp(
  sensorMetrics: string,
  atLeast: number,
  timeoutMs = 60_000,
): Promise<void> {
  let last = -1;
  await waitFor(
    "the sensor to read the whole file",
    async () => {
      const m = await fetchText(sensorMetrics).catch(() => "");
      const n = metric(m, "dnsight_sensor_observations_total") ?? 0;
      const settled = n === last;
      last = n;
      return n >= atLeast && settled ? true : undefined;
    },
    timeoutMs,
    300,
  );
}
