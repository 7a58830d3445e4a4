import { DnsightError } from "../../errors.js";
import { migrateStore, type MigrateProgress } from "../../flows/migrate.js";
import { dataIdentity } from "../../flows/migrate-source.js";
import { openStore } from "../../store/open.js";
import type { Store } from "../../store/types.js";
import { defineCommand } from "../command.js";
import { intOption } from "../options.js";
import { ProgressBar } from "../progress.js";
import { censusTable } from "./migrate-table.js";

// `dnsight migrate --from URL --to URL`: the data of one store into another (src/flows/
// migrate.ts), then both counted side by side; a difference exits 1 naming it.

const PHASE: Readonly<Record<MigrateProgress["phase"], string>> = {
  observations: "observations",
  snapshots: "snapshots",
  verify: "rows checked",
};

export const migrateCommand = defineCommand({
  name: "dnsight migrate",
  description:
    "Copy a store's data, its observations (first and last seen, counts, sensor, bailiwick, source) and every registration snapshot (history included), into another store, e.g. SQLite into ClickHouse; then count both and print them side by side, exiting 1 if they differ. The target must be empty, or hold what an earlier migrate from the same source left: killed at any point, the same command again continues where it stopped and counts nothing twice (it reads the source again from the start, writing only what is missing). Users, API keys, alerts, watches and the audit log are not copied: they are state, kept where --state says (see README).",
  options: {
    from: {
      type: "string",
      value: "URL",
      description: "the store to copy (a path, sqlite:PATH or clickhouse://HOST:PORT/DB)",
    },
    to: {
      type: "string",
      value: "URL",
      description: "the store to copy into (created if missing)",
    },
    "batch-rows": {
      type: "string",
      value: "N",
      description: "observations per write (default 20000)",
    },
  },
  examples: [
    "dnsight migrate --from sqlite:./dnsight.db --to clickhouse://127.0.0.1:8123/dnsight",
    "dnsight migrate --from clickhouse://ch1:8123/dnsight --to ./copy.db",
  ],
  async run({ values, io }) {
    const from = values.from;
    const to = values.to;
    if (values.db !== undefined || values.state !== undefined)
      throw new DnsightError(
        "USAGE",
        "migrate: give the stores as --from and --to, not --db or --state",
      );
    if (from === undefined || from === "" || to === undefined || to === "")
      throw new DnsightError("USAGE", "migrate: give both --from URL and --to URL");
    const batchRows = intOption(values["batch-rows"], "batch-rows", 1, 1_000_000);
    const source = dataIdentity(from);
    if (source === dataIdentity(to))
      throw new DnsightError("USAGE", `migrate: --from and --to name the same store (${source})`);

    const src = await openStore(from, { mustExist: true });
    let dst: Store | undefined;
    let bar: ProgressBar | undefined;
    try {
      dst = await openStore(to, { lockTimeoutMs: Infinity });
      // A total for the bar's percentage, asked only when there is a bar to show it.
      const total = io.stderr.isTTY ? await countAll(src) : undefined;
      const seen = { phase: "observations" as MigrateProgress["phase"], done: 0 };
      const show = (phase: MigrateProgress["phase"]): void => {
        bar?.stop();
        bar = new ProgressBar(io.stderr, {
          unit: PHASE[phase],
          done: () => seen.done,
          ...(total !== undefined && phase !== "snapshots"
            ? { fraction: () => (total > 0 ? Math.min(1, seen.done / total) : 1) }
            : {}),
        });
        bar.start();
      };
      show("observations");
      const r = await migrateStore(src, dst, {
        source,
        ...(batchRows !== undefined ? { batchRows } : {}),
        onProgress: (p) => {
          if (p.phase !== seen.phase) show(p.phase);
          seen.phase = p.phase;
          seen.done = p.done;
        },
      });
      bar?.stop();
      io.stdout.write(censusTable(r.from, r.to));
      const { observations: o, snapshots: s } = r;
      io.stderr.write(
        `${r.resumed ? "resumed: " : ""}copied ${o.copied} observations and ${s.copied} registration snapshots` +
          (o.skipped + s.skipped > 0
            ? ` (${o.skipped} and ${s.skipped} were in from an earlier run)`
            : "") +
          "\n",
      );
      if (r.differences.length > 0)
        throw new DnsightError(
          "STORE",
          `migrate: the stores differ in ${r.differences.join(", ")}`,
        );
      return 0;
    } finally {
      bar?.stop();
      await dst?.close();
      await src.close();
    }
  },
});

/** Observations in the store, by its summary (one aggregate on either backend). */
async function countAll(s: Store): Promise<number> {
  const root = await s.summarizeObservations({
    target: { on: "rrname", match: { kind: "name", name: "." } },
  });
  const below = await s.summarizeObservations({
    target: { on: "rrname", match: { kind: "below", suffix: "." } },
  });
  return root.numResults + below.numResults;
}
