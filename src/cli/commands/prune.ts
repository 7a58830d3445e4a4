import { DnsightError } from "../../errors.js";
import { openStore } from "../../store/open.js";
import type { PruneResult } from "../../store/types.js";
import { defineCommand } from "../command.js";
import { durationOption } from "../options.js";
import { storeOption } from "../store-io.js";

// `dnsight prune --older-than DURATION`: retention. The store says how it cut
// (src/store/contract/prune.ts): SQLite row by row, ClickHouse by whole months.

export const pruneCommand = defineCommand({
  name: "dnsight prune",
  description:
    "Retention: remove the observations last seen longer ago than DURATION. On SQLite exactly those rows go, in short transactions that let an ingest or serve write in between (the file keeps its size; VACUUM shrinks it). On ClickHouse, where observations are partitioned by the month of their last sighting, whole months that end before the cutoff are dropped from every observation table; the month the cutoff falls in is kept whole, and a name seen both before and after the cutoff keeps only its later sightings (its first seen moves forward). Registration snapshots, checkpoints and the state (alerts, watches, users, keys, audit log) are left alone. Interrupted, the same command again finishes.",
  options: {
    "older-than": {
      type: "string",
      value: "DURATION",
      description: "how old a last sighting must be to go, e.g. 400d or 52w",
    },
    "dry-run": { type: "boolean", description: "say what would go, remove nothing" },
  },
  examples: [
    "dnsight prune --older-than 400d --dry-run",
    "dnsight prune --older-than 400d --db clickhouse://127.0.0.1:8123/dnsight",
  ],
  async run({ values, io }) {
    const age = durationOption(values["older-than"], "older-than");
    if (age === undefined)
      throw new DnsightError("USAGE", "prune: give --older-than DURATION, e.g. 400d");
    if (age === 0)
      throw new DnsightError(
        "USAGE",
        "prune: --older-than must be more than 0 (it would remove everything)",
      );
    const before = Math.floor(Date.now() / 1000) - age;
    if (before <= 0)
      throw new DnsightError(
        "USAGE",
        `prune: --older-than ${String(values["older-than"])} reaches before 1970`,
      );
    const dryRun = values["dry-run"] === true;
    const store = await openStore(storeOption(values, io.env), {
      mustExist: true,
      lockTimeoutMs: Infinity,
    });
    try {
      if (store.pruneObservations === undefined)
        throw new DnsightError("UNSUPPORTED", `the ${store.backend} store cannot prune`);
      const r = await store.pruneObservations(before, { dryRun });
      io.stdout.write(report(r, before, dryRun));
      return 0;
    } finally {
      await store.close();
    }
  },
});

const iso = (s: number): string => new Date(s * 1000).toISOString().replace(".000Z", "Z");
const month = (m: string): string => `${m.slice(0, 4)}-${m.slice(4)}`;

function report(r: PruneResult, before: number, dryRun: boolean): string {
  const verb = dryRun ? "would remove" : "removed";
  if (r.granularity === "row")
    return `${verb} ${r.rows.toLocaleString("en-US")} observations last seen before ${iso(before)}\n`;
  const months = r.months ?? [];
  const dropped =
    months.length === 0
      ? `no month ends before ${iso(before)}: nothing ${dryRun ? "would go" : "dropped"}`
      : `${dryRun ? "would drop" : "dropped"} ${months.length} month${months.length === 1 ? "" : "s"} (${months.map(month).join(", ")}): ${r.rows.toLocaleString("en-US")} stored rows`;
  return (
    `${dropped}\n` +
    `kept whole: the month from ${iso(r.cutoff)}, which the cutoff ${iso(before)} falls in, and every later one\n`
  );
}
