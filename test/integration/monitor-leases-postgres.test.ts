// Check leases raced for real: two stores on one PostgreSQL schema, each with its own
// pool (two monitors on two machines), claim the same 40 checks at once, over and
// over. Exactly one claim per check wins, whether the lease is new, expired, or being
// handed back by a monitor that just stored its result.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import pg_ from "pg";
import { openPostgresState } from "../../src/store/postgres/postgres-store.js";
import type { ClaimOutcome, StateStore, WatchStore } from "../../src/store/types.js";
import { sharedPostgres, stopSharedPostgres, type PostgresServer } from "../helpers/postgres.js";

const { Client } = pg_;
let pg: PostgresServer;
before(async () => {
  pg = await sharedPostgres();
});
after(stopSharedPostgres);

const NAMES = Array.from({ length: 40 }, (_, i) => `n${String(i).padStart(2, "0")}.test`);
const ROUNDS = 10;
const LEASE = 60;

async function twoMonitors(): Promise<[StateStore, StateStore]> {
  const url = await pg.freshSchema();
  const a = await openPostgresState(url);
  const b = await openPostgresState(url);
  await a.watches!.addWatches(NAMES, "owned", 1);
  return [a, b];
}

/** Every name claimed by both at once, their calls interleaved name by name. */
async function race(
  [a, b]: [WatchStore, WatchStore],
  at: number,
  lastRun: (name: string) => number | undefined,
): Promise<Map<string, [ClaimOutcome, ClaimOutcome]>> {
  const got = await Promise.all(
    NAMES.map(async (n) => {
      const c = (owner: string) => ({ owner, at, lastRun: lastRun(n), leaseSeconds: LEASE });
      const pair = await Promise.all([
        a.claimCheck(n, "dns", c("a")),
        b.claimCheck(n, "dns", c("b")),
      ]);
      return [n, pair] as const;
    }),
  );
  return new Map(got);
}

describe("check leases on PostgreSQL, two pools racing", () => {
  it("new and expired leases: one winner per check, every round", async () => {
    const [sa, sb] = await twoMonitors();
    const w: [WatchStore, WatchStore] = [sa.watches!, sb.watches!];
    try {
      const wins = { a: 0, b: 0 };
      for (let r = 0; r < ROUNDS; r++) {
        // Each round after the first comes when the last round's leases have ended.
        const got = await race(w, 1000 + r * LEASE, () => undefined);
        for (const [n, [x, y]] of got) {
          assert.deepEqual([x, y].sort(), ["claimed", "held"], `round ${r}, ${n}: ${x} ${y}`);
          wins[x === "claimed" ? "a" : "b"]++;
        }
      }
      // Not a test of fairness, only that both pools really raced.
      assert.ok(wins.a > 0 && wins.b > 0, JSON.stringify(wins));
    } finally {
      await Promise.all([sa.close(), sb.close()]);
    }
  });

  it("a claim racing the holder's result and release never wins a check just run", async () => {
    const [sa, sb] = await twoMonitors();
    const [a, b] = [sa.watches!, sb.watches!];
    try {
      let lastRun: number | undefined;
      const outcomes = new Map<ClaimOutcome, number>();
      for (let r = 0; r < ROUNDS; r++) {
        const at = 10_000 + r * 10;
        for (const n of NAMES)
          assert.equal(
            await a.claimCheck(n, "dns", { owner: "a", at, lastRun, leaseSeconds: LEASE }),
            "claimed",
          );
        // a stores each result and hands the lease back while b, which read the
        // state before a's run, claims: b gets "held" or "ran", never the check.
        const seen = lastRun;
        await Promise.all(
          NAMES.map(async (n) => {
            const [, got] = await Promise.all([
              (async () => {
                await a.putMonitorState(n, "dns", at, { round: r });
                await a.releaseCheck(n, "dns", "a");
              })(),
              b.claimCheck(n, "dns", {
                owner: "b",
                at: at + 1,
                lastRun: seen,
                leaseSeconds: LEASE,
              }),
            ]);
            outcomes.set(got, (outcomes.get(got) ?? 0) + 1);
            assert.notEqual(got, "claimed", `round ${r}, ${n}`);
          }),
        );
        lastRun = at;
      }
      const total = [...outcomes.values()].reduce((x, y) => x + y, 0);
      assert.equal(total, ROUNDS * NAMES.length, JSON.stringify([...outcomes]));
    } finally {
      await Promise.all([sa.close(), sb.close()]);
    }
  });

  it("made to interleave: a claim that waited for the holder's commit sees its result", async () => {
    // A third connection plays the holder: the result stored and the lease handed back
    // in one open transaction. b's claim starts meanwhile and waits for the lease row;
    // the holder commits. A claim that read the last run before it waited (in the same
    // statement, or before taking the lease) would win a check just run.
    const url = await pg.freshSchema();
    const [sa, sb] = [await openPostgresState(url), await openPostgresState(url)];
    const [a, b] = [sa.watches!, sb.watches!];
    const holder = new Client({ connectionString: url, application_name: "holder" });
    await holder.connect();
    const waiting = async (): Promise<void> => {
      for (let i = 0; i < 500; i++) {
        const r = await holder.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'dnsight' AND wait_event_type = 'Lock'",
        );
        if (r.rows[0]!.n >= 1) return;
        await sleep(10);
      }
      throw new Error("the claim never waited for the holder");
    };
    try {
      await a.addWatches(NAMES, "owned", 1);
      for (const [r, n] of NAMES.slice(0, 5).entries()) {
        assert.equal(
          await a.claimCheck(n, "dns", {
            owner: "a",
            at: 100,
            lastRun: undefined,
            leaseSeconds: LEASE,
          }),
          "claimed",
        );
        await holder.query("BEGIN");
        await holder.query(
          "INSERT INTO monitor_state (name, check_name, at, data) VALUES ($1, 'dns', 100, '{}')",
          [n],
        );
        await holder.query("DELETE FROM monitor_leases WHERE name = $1 AND check_name = 'dns'", [
          n,
        ]);
        const claim = b.claimCheck(n, "dns", {
          owner: "b",
          at: 101,
          lastRun: undefined,
          leaseSeconds: LEASE,
        });
        await waiting();
        await holder.query("COMMIT");
        assert.equal(await claim, "ran", `round ${r}`);
      }
    } finally {
      await holder.end();
      await Promise.all([sa.close(), sb.close()]);
    }
  });
});
