// How the cluster writer reaches each shard (cluster-writer.ts), and what it does when
// one is down. A piece goes into the shard's own `obs_in`; when the shard cannot be
// reached (refused, reset, timed out: not a SQL error) the piece is appended to that
// shard's spool on local disk (spool-file.ts, fsynced) and so is every later piece for
// it, in order. A retry in the background (backoff 0.5 s doubling to 30 s), the next
// state() or close(), and the next open of the store drain the spool in order, asking
// the shard's log before each piece whether it already landed (its answer may have been
// lost after the server stored it), so nothing is sent twice. The shard's checkpoint log
// counts spooled pieces as stored: the spool is durable.
import { existsSync, mkdirSync, unlinkSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DnsightError } from "../../errors.js";
import type { ShardLink } from "./cluster-store.js";
import type { Piece, ShardPieces } from "./cluster-writer.js";
import type { LogRow } from "./obs-block.js";
import { readLogState, type LogState } from "./obs-writer.js";
import { spoolLog, spoolRecords, SpoolWriter, type SpoolRecord } from "./spool-file.js";
import { spoolBusy, tryLockSpool } from "./spool-lock.js";
import { isUnreachable, withoutWhere } from "./unreachable.js";
import type { ClickHouseLocation } from "./url.js";

export interface OpenShardPieces extends ShardPieces {
  /** The spool directory. */
  readonly dir: string;
  /** Pieces waiting in each shard's spool (0-based shard index). */
  waiting(): number[];
  /** Tries to send what waits, for at most `ms`; then throws naming what this process left. */
  close(ms: number): Promise<void>;
}

/** `spool=DIR`, or $XDG_STATE_HOME/dnsight/spool/DATABASE ($HOME/.local/state by default). */
export function spoolDir(loc: ClickHouseLocation, env: NodeJS.ProcessEnv = process.env): string {
  if (loc.cluster?.spool !== undefined) return loc.cluster.spool;
  const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), ".local", "state");
  return join(state, "dnsight", "spool", loc.database);
}

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

interface Spool {
  path: string;
  /** Log rows of each record in the file; the first `sent` are on the shard already. */
  log: LogRow[][];
  sent: number;
  writer?: SpoolWriter;
  /** Serialises sends, drains and reads of this shard's log. */
  chain: Promise<unknown>;
  timer?: NodeJS.Timeout;
  retryMs: number;
  /** No drain before this time (ms), except by close() and open. */
  nextTry: number;
}

/** The checkpoint log of `input` in spooled log rows (newest last). */
function spooledState(rows: readonly LogRow[], input: string): LogState {
  const out: LogState = {};
  let progress: LogRow | undefined;
  for (const r of rows) {
    if (r.input !== input) continue;
    if (r.kind === 2) out.offset = Math.max(out.offset ?? 0, r.endOffset);
    if (r.kind === 1) progress = r;
  }
  if (progress && progress.endOffset > (out.offset ?? -1))
    out.pending = { end: progress.endOffset, rows: progress.rowsIn };
  return out;
}

export async function openShardPieces(
  shards: readonly ShardLink[],
  loc: ClickHouseLocation,
): Promise<OpenShardPieces> {
  const dir = spoolDir(loc);
  const spools: Spool[] = shards.map((s) => {
    const path = join(dir, `shard-${s.num}-${s.where.replace(/[^A-Za-z0-9.-]/g, "_")}.spool`);
    return {
      path,
      log: existsSync(path) ? spoolLog(path) : [],
      sent: 0,
      chain: Promise.resolve(),
      retryMs: FIRST_RETRY_MS,
      nextTry: 0,
    };
  });
  let release: (() => void) | undefined;
  let closed = false;
  /** Whether this process spooled anything: then it keeps the lock, and close() reports. */
  let appended = false;
  /** Drains running now; a process that only drains lets the lock go after the last. */
  let draining = 0;
  const lock = (): boolean => {
    if (release) return true;
    mkdirSync(dir, { recursive: true });
    release = tryLockSpool(dir);
    return release !== undefined;
  };
  const waitingOf = (sp: Spool): number => sp.log.length - sp.sent;
  const exclusive = <T>(i: number, fn: () => Promise<T>): Promise<T> => {
    const sp = spools[i]!;
    const run = sp.chain.then(fn, fn);
    sp.chain = run.catch(() => undefined);
    return run;
  };
  const downError = (i: number, e: unknown): DnsightError =>
    new DnsightError(
      "STORE",
      `clickhouse shard ${shards[i]!.num} (${shards[i]!.where}) is down: ${withoutWhere((e as Error).message)}`,
      { cause: e },
    );

  /** Whether a spooled piece is on the shard already (sent before, its answer lost). */
  async function landed(s: ShardLink, r: SpoolRecord): Promise<boolean> {
    const l = r.log[0];
    if (!l) return false;
    if (l.kind === 3) {
      const [row] = await s.ch.query<{ n: string }>(
        "SELECT count() AS n FROM ingest_checkpoints WHERE kind = 3 AND at = {at:UInt64}",
        { params: { at: l.at } },
      );
      return Number(row?.n) > 0;
    }
    const st = await readLogState(s.ch, l.input);
    if (st.offset !== undefined && st.offset >= l.endOffset) return true;
    return l.kind === 1 && st.pending?.end === l.endOffset && st.pending.rows >= l.rowsIn;
  }

  /** Sends the spool of shard `i` in order; true when it is empty. Runs inside exclusive(). */
  async function drain(i: number): Promise<boolean> {
    const sp = spools[i]!;
    if (waitingOf(sp) === 0) return true;
    if (!lock()) return false; // another process drains it
    const s = shards[i]!;
    draining++;
    try {
      await s.ready();
      let k = 0;
      for (const r of spoolRecords(sp.path)) {
        if (k++ < sp.sent) continue;
        if (!(await landed(s, r))) await s.ins.insert("obs_in", r.block);
        sp.sent = k;
      }
    } catch (e) {
      if (isUnreachable(e)) return false;
      throw e;
    } finally {
      if (--draining === 0 && !appended) {
        release?.();
        release = undefined;
      }
    }
    sp.writer?.close();
    delete sp.writer;
    unlinkSync(sp.path);
    sp.log = [];
    sp.sent = 0;
    sp.retryMs = FIRST_RETRY_MS;
    return true;
  }

  function retryLater(i: number): void {
    const sp = spools[i]!;
    if (sp.timer || closed) return;
    sp.nextTry = Date.now() + sp.retryMs;
    sp.timer = setTimeout(() => {
      delete sp.timer;
      exclusive(i, () => drain(i)).then(
        (empty) => {
          if (!empty) retryLater(i);
        },
        () => retryLater(i),
      );
    }, sp.retryMs);
    sp.timer.unref();
    sp.retryMs = Math.min(MAX_RETRY_MS, sp.retryMs * 2);
  }

  function append(i: number, piece: Piece): void {
    const sp = spools[i]!;
    if (!lock()) throw spoolBusy(dir);
    appended = true;
    sp.writer ??= SpoolWriter.open(sp.path);
    sp.writer.append(piece);
    sp.log.push([...piece.log]);
    retryLater(i);
  }

  // What an earlier process left is sent first, when the shard is back.
  for (const [i, sp] of spools.entries())
    if (waitingOf(sp) > 0 && !(await exclusive(i, () => drain(i)))) retryLater(i);

  return {
    count: shards.length,
    dir,
    waiting: () => spools.map(waitingOf),

    state(i, input, exact = true) {
      return exclusive(i, async () => {
        const sp = spools[i]!;
        if (waitingOf(sp) > 0 && Date.now() >= sp.nextTry && !(await drain(i))) retryLater(i);
        if (waitingOf(sp) > 0) {
          const st = spooledState(sp.log.flat(), input);
          if (st.offset !== undefined || !exact) return st;
          throw new DnsightError(
            "STORE",
            `clickhouse shard ${shards[i]!.num} (${shards[i]!.where}) is down, and its checkpoint of ${input} is not in the spool ${dir}: start the shard again`,
          );
        }
        try {
          await shards[i]!.ready();
          return await readLogState(shards[i]!.ch, input);
        } catch (e) {
          if (!isUnreachable(e)) throw e;
          // A writer sends the whole batch (the drain skips what landed); a reader must know.
          if (!exact) return {};
          throw downError(i, e);
        }
      });
    },

    send(i, piece) {
      return exclusive(i, async () => {
        if (waitingOf(spools[i]!) === 0) {
          try {
            await shards[i]!.ready();
            await shards[i]!.ins.insert("obs_in", piece.block);
            return;
          } catch (e) {
            if (!isUnreachable(e)) throw e;
          }
        }
        append(i, piece);
      });
    },

    async close(ms) {
      closed = true;
      const deadline = Date.now() + ms;
      for (const sp of spools) clearTimeout(sp.timer);
      try {
        for (const [i, sp] of spools.entries())
          while (waitingOf(sp) > 0 && !(await exclusive(i, () => drain(i)))) {
            if (Date.now() >= deadline || !release) break;
            await sleep(Math.min(250, Math.max(0, deadline - Date.now())));
          }
        // Pieces an earlier process left, still waiting, were reported by that process.
        const left = spools
          .map((sp, i) => ({ n: waitingOf(sp), s: shards[i]! }))
          .filter((x) => x.n > 0 && appended);
        if (left.length > 0)
          throw new DnsightError(
            "STORE",
            left
              .map(
                ({ n, s }) =>
                  `clickhouse shard ${s.num} (${s.where}) is down: ${n} piece${n === 1 ? "" : "s"} wait in the spool ${dir}`,
              )
              .join("; ") + " (sent when dnsight next opens this store with the shard up)",
          );
      } finally {
        for (const sp of spools) sp.writer?.close();
        release?.();
      }
    },
  };
}
