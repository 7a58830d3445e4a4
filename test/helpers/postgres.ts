// A throwaway PostgreSQL server on loopback (Debian's postgresql-15, installed by
// scripts/setup.sh), from a temp data directory removed when it stops.
//
// PostgreSQL refuses to run as root. Tests run as root in CI, so then initdb and
// postgres run as the `postgres` system user that Debian's package creates, through
// setpriv (util-linux: new uid and gid, no supplementary groups), and the temp dir is
// handed to that user; run as anybody else, they run as that user. setpriv also gives
// the server a parent-death signal, so a test process killed with SIGKILL (no exit
// hook runs) leaves no postgres behind.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, closeSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { trackPid, untrackPid, type Hooks } from "./cleanup.js";
import { isAlive, tail } from "./_process.js";
import { BindError, onFreePort } from "./ports.js";
import { makeTmpDir } from "./tmp.js";

const BIN = "/usr/lib/postgresql/15/bin";
/** The superuser initdb makes: no password, trusted on loopback. */
export const PG_SUPERUSER = "dnsight";
/** A role that must give its password (scram-sha-256), for tests of failed logins. */
export const PG_PASSWORD_ROLE = "dnsight_pw";

export interface PostgresServer {
  readonly host: "127.0.0.1";
  readonly port: number;
  /** Holds data/, the unix socket and postgres.log; removed by stop(). */
  readonly dir: string;
  readonly pid: number;
  /** How long initdb and the start until the first connection took, in ms. */
  readonly startMs: { initdb: number; ready: number };
  /** The URL of `db` (default "dnsight") as the superuser. */
  url(db?: string): string;
  /** Runs SQL as the superuser in `db` (default "dnsight"). */
  sql(text: string, db?: string): Promise<pg.QueryResult>;
  /**
   * A URL of an empty schema of its own in database "dnsight" (through libpq's
   * `options=-c search_path=`): a fresh store for a few ms, where a CREATE DATABASE
   * takes hundreds.
   */
  freshSchema(): Promise<string>;
  /** Fast shutdown (SIGINT), SIGKILL after 10 s, then removes `dir`. Safe to call twice. */
  stop(): Promise<void>;
}

interface User {
  uid: number;
  gid: number;
}

/** setpriv's arguments before the command: as `who` when given, killed with its parent. */
const setpriv = (who: User | undefined): string[] => [
  ...(who ? [`--reuid=${who.uid}`, `--regid=${who.gid}`, "--clear-groups"] : []),
  "--pdeathsig",
  "KILL",
  "--",
];

/** uid and gid to run PostgreSQL as: the `postgres` user when we are root. */
function runAs(): User | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const r = spawnSync("getent", ["passwd", "postgres"], { encoding: "utf8" });
  const [, , uid, gid] = (r.stdout ?? "").trim().split(":");
  if (r.status !== 0 || uid === undefined || gid === undefined)
    throw new Error(
      "running as root, and there is no `postgres` user to run PostgreSQL as (run scripts/setup.sh)",
    );
  return { uid: Number(uid), gid: Number(gid) };
}

const childEnv = (): NodeJS.ProcessEnv => ({ PATH: "/usr/bin:/bin", LANG: "C", LC_ALL: "C" });

/** Starts a server; pass a TestContext as `t` to stop it after the test. */
export async function startPostgres(t?: Hooks): Promise<PostgresServer> {
  const who = runAs();
  const tmp = makeTmpDir("pg");
  if (who) chownSync(tmp.path, who.uid, who.gid);
  const data = join(tmp.path, "data");
  const began = Date.now();
  const init = spawnSync(
    "setpriv",
    [
      ...setpriv(who),
      `${BIN}/initdb`,
      // --no-sync: nothing here must survive a power cut. C locale: the order of text
      // is byte order, as in SQLite (the schema asks for it anyway: COLLATE "C").
      ...["-D", data, "-U", PG_SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"],
    ],
    { env: childEnv(), encoding: "utf8", timeout: 120_000 },
  );
  if (init.status !== 0) {
    tmp.remove();
    throw new Error(`initdb failed (${init.status ?? init.signal}): ${init.stderr || init.error}`);
  }
  const initdb = Date.now() - began;
  // Loopback only: the superuser without a password, one role with one.
  writeFileSync(
    join(data, "pg_hba.conf"),
    [
      "local all all trust",
      `host all ${PG_PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256`,
      "host all all 127.0.0.1/32 trust",
      "",
    ].join("\n"),
  );
  try {
    const server = await onFreePort("127.0.0.1", undefined, (port) =>
      launch(tmp, data, port, who, { initdb, began }),
    );
    t?.after(() => server.stop());
    return server;
  } catch (e) {
    tmp.remove();
    throw e;
  }
}

async function launch(
  tmp: { path: string; remove(): void },
  data: string,
  port: number,
  who: User | undefined,
  times: { initdb: number; began: number },
): Promise<PostgresServer> {
  const log = join(tmp.path, `postgres-${port}.log`);
  const fd = openSync(log, "w");
  if (who) chownSync(log, who.uid, who.gid);
  let child: ChildProcess;
  try {
    child = spawn(
      "setpriv",
      [
        ...setpriv(who),
        `${BIN}/postgres`,
        "-D", data, "-p", String(port), "-k", tmp.path,
        "-c", "listen_addresses=127.0.0.1",
        // A test server: durability off, small memory, few connections.
        "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
        "-c", "shared_buffers=16MB", "-c", "max_connections=60",
      ], // prettier-ignore
      { env: childEnv(), stdio: ["ignore", fd, fd] },
    );
  } finally {
    closeSync(fd);
  }
  const pid = child.pid!;
  trackPid(pid);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = (db = "dnsight"): string =>
    `postgres://${PG_SUPERUSER}@127.0.0.1:${port}/${encodeURIComponent(db)}`;
  const sql = async (text: string, db = "dnsight"): Promise<pg.QueryResult> => {
    const c = new pg.Client({ connectionString: url(db), connectionTimeoutMillis: 5000 });
    await c.connect();
    try {
      return await c.query(text);
    } finally {
      await c.end();
    }
  };
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      if (isAlive(pid)) {
        child.kill("SIGINT");
        const late = await Promise.race([exited.then(() => false), sleep(10_000, true)]);
        if (late) child.kill("SIGKILL");
        await exited;
      }
      untrackPid(pid);
      tmp.remove();
    })());
  try {
    await waitReady(port, pid, log);
    await sql("CREATE DATABASE dnsight", "postgres");
    await sql(`CREATE ROLE ${PG_PASSWORD_ROLE} LOGIN PASSWORD 'correct horse'`);
  } catch (e) {
    if (isAlive(pid)) child.kill("SIGKILL");
    await exited;
    untrackPid(pid);
    throw e;
  }
  let schemas = 0;
  return {
    host: "127.0.0.1",
    port,
    dir: tmp.path,
    pid,
    startMs: { initdb: times.initdb, ready: Date.now() - times.began },
    url,
    sql,
    async freshSchema() {
      const name = `s${++schemas}`;
      await sql(`CREATE SCHEMA ${name}`);
      return `${url()}?options=${encodeURIComponent(`-c search_path=${name}`)}`;
    },
    stop,
  };
}

/** Until a connection succeeds; BindError when another process took the port first. */
async function waitReady(port: number, pid: number, log: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!isAlive(pid)) {
      const text = tail(log);
      if (/could not (bind|create listen socket)|Address already in use/.test(text))
        throw new BindError(`port ${port} taken`);
      throw new Error(`postgres exited at start:\n${text}`);
    }
    const c = new pg.Client({
      connectionString: `postgres://${PG_SUPERUSER}@127.0.0.1:${port}/postgres`,
      connectionTimeoutMillis: 1000,
    });
    try {
      await c.connect();
      await c.end();
      return;
    } catch {
      await c.end().catch(() => undefined);
    }
    if (Date.now() > deadline) throw new Error(`postgres not ready after 60 s:\n${tail(log)}`);
    await sleep(50);
  }
}

let shared: Promise<PostgresServer> | undefined;

/**
 * One server for the whole test process, started on first use: initdb alone takes
 * seconds. The file that uses it stops it in an `after` (stopSharedPostgres); the
 * exit hook of ./cleanup.ts kills it and removes its directory otherwise.
 */
export function sharedPostgres(): Promise<PostgresServer> {
  return (shared ??= startPostgres());
}

export async function stopSharedPostgres(): Promise<void> {
  const s = shared;
  shared = undefined;
  if (s) await (await s).stop();
}
