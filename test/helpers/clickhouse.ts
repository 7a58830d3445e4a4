// Real clickhouse-server processes (Debian's package, 18.16) on loopback: one node, or a
// cluster of two shards that name each other in `remote_servers`. Each node runs from its
// own temp dir and config; stop() kills its process group and removes the dir, and the
// process-exit hook of cleanup.ts kills whatever a failed test left behind.
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { trackPid, untrackPid, type Hooks } from "./cleanup.js";
import { configXml, usersXml, type ClusterLayout, type NodePorts } from "./_clickhouse-config.js";
import { isAlive, tail, waitFor } from "./_process.js";
import { BindError, freePort } from "./ports.js";
import { makeTmpDir } from "./tmp.js";

export const CLICKHOUSE_BIN = "/usr/sbin/clickhouse-server";
const HOST = "127.0.0.1";

export interface ClickHouseNode {
  readonly host: string;
  readonly httpPort: number;
  readonly tcpPort: number;
  readonly interserverPort: number;
  /** Temp dir with config.xml, users.xml, data/, server.log, error.log; removed by stop(). */
  readonly dir: string;
  readonly pid: number;
  /** Milliseconds from spawn to the first `SELECT 1` answered. */
  readonly startMs: number;
  /** Kills the process group and removes `dir`. Safe to call twice. */
  stop(): Promise<void>;
  /** Kills the server (SIGKILL) but keeps `dir`: a shard that is down, to start() again. */
  kill(): Promise<void>;
  /** Starts a killed server again on the same ports, config and data dir. */
  start(): Promise<void>;
}

export interface ClickHouseCluster {
  /** The name in `remote_servers`, for Distributed(cluster, db, table, key). */
  readonly name: string;
  readonly shards: readonly ClickHouseNode[];
  stop(): Promise<void>;
}

export interface StartOptions {
  startTimeoutMs?: number;
  /**
   * One directory per server that outlives it (a bench's data kept between runs): made
   * if missing, its config rewritten for fresh ports, never removed by stop().
   */
  keepIn?: readonly string[];
}

/** One clickhouse-server; pass the TestContext as `t` to stop it after the test. */
export async function startClickHouse(t?: Hooks, o: StartOptions = {}): Promise<ClickHouseNode> {
  const [node] = await withRetry(1, (ports) => launchAll(ports, undefined, o));
  t?.after(() => node!.stop());
  return node!;
}

/** Two shards, one replica each, both knowing the cluster `name` (default dnsight_test). */
export async function startClickHouseCluster(
  t?: Hooks,
  o: StartOptions & { name?: string } = {},
): Promise<ClickHouseCluster> {
  return launchPair(o.name ?? "dnsight_test", {}, t, o);
}

/**
 * One shard of two replicas (ReplicatedMergeTree through `zookeeper`), both knowing the
 * cluster `name`; `shards` holds the replicas here.
 */
export async function startClickHouseReplicas(
  zookeeper: { host: string; port: number },
  t?: Hooks,
  o: StartOptions & { name?: string } = {},
): Promise<ClickHouseCluster> {
  return launchPair(o.name ?? "dnsight_replicas", { replicatedBy: zookeeper }, t, o);
}

/** Two servers that both know the cluster `name`, as shards or (`replicatedBy`) replicas. */
async function launchPair(
  name: string,
  more: { replicatedBy?: { host: string; port: number } },
  t: Hooks | undefined,
  o: StartOptions,
): Promise<ClickHouseCluster> {
  const shards = await withRetry(2, (ports) =>
    launchAll(ports, { name, shardTcpPorts: ports.map((p) => p.tcp), ...more }, o),
  );
  const cluster: ClickHouseCluster = {
    name,
    shards,
    stop: async () => void (await Promise.all(shards.map((s) => s.stop()))),
  };
  t?.after(() => cluster.stop());
  return cluster;
}

/**
 * The store URL of database `db` on the two-shard cluster `c`, entering at shard `entry`,
 * each shard's HTTP endpoint named (its ports are the tests' own) and writes for a down
 * shard spooled in `spool`. `host` names every node (default its address; "localhost"
 * for the path a deployment takes).
 */
export function clusterStoreUrl(
  c: ClickHouseCluster,
  db: string,
  spool: string,
  o: { entry?: number; host?: string } = {},
): string {
  const at = (n: ClickHouseNode) => `${o.host ?? n.host}:${n.httpPort}`;
  const shards = c.shards.map(at).join(",");
  return `clickhouse://${at(c.shards[o.entry ?? 0]!)}/${db}?cluster=${c.name}&shards=${shards}&spool=${encodeURIComponent(spool)}`;
}

// One server (or cluster) per test process, for files that share it: started on first use,
// killed by cleanup.ts when the process exits. Tests on it use their own database names.
let sharedNode: Promise<ClickHouseNode> | undefined;
let sharedCluster: Promise<ClickHouseCluster> | undefined;
export const sharedClickHouse = (): Promise<ClickHouseNode> => (sharedNode ??= startClickHouse());
export const sharedClickHouseCluster = (): Promise<ClickHouseCluster> =>
  (sharedCluster ??= startClickHouseCluster());

/** Picks fresh ports and starts again when another process took one (three tries). */
async function withRetry(
  count: number,
  launch: (ports: NodePorts[]) => Promise<ClickHouseNode[]>,
): Promise<ClickHouseNode[]> {
  for (let attempt = 1; ; attempt++) {
    const ports: NodePorts[] = [];
    for (let i = 0; i < count; i++)
      ports.push({
        http: await freePort(HOST),
        tcp: await freePort(HOST),
        interserver: await freePort(HOST),
      });
    try {
      return await launch(ports);
    } catch (err) {
      if (!(err instanceof BindError) || attempt >= 3) throw err;
    }
  }
}

async function launchAll(
  ports: NodePorts[],
  cluster: ClusterLayout | undefined,
  o: StartOptions,
): Promise<ClickHouseNode[]> {
  const started = await Promise.allSettled(
    ports.map((p, i) => launch(p, cluster, i + 1, o, o.keepIn?.[i])),
  );
  const failed = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (!failed) return started.map((r) => (r as PromiseFulfilledResult<ClickHouseNode>).value);
  for (const r of started) if (r.status === "fulfilled") await r.value.stop();
  throw failed.reason;
}

async function launch(
  ports: NodePorts,
  cluster: ClusterLayout | undefined,
  shard: number,
  o: StartOptions,
  keepIn?: string,
): Promise<ClickHouseNode> {
  const tmp = keepIn === undefined ? makeTmpDir("ch") : { path: keepIn, remove: () => {} };
  const dir = tmp.path;
  const displayName = `dnsight-test-${randomBytes(6).toString("hex")}`;
  for (const d of ["data", "tmp", "user_files", "format_schemas"])
    mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(
    join(dir, "config.xml"),
    configXml({ dir, host: HOST, ports, displayName, cluster, shard }),
  );
  writeFileSync(join(dir, "users.xml"), usersXml(HOST));
  let pid = 0;
  let stopped = false;
  let running = false;
  const kill = async (): Promise<void> => {
    if (!running) return;
    running = false;
    await killGroup(pid);
    untrackPid(pid);
  };
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await kill();
    tmp.remove();
  };
  const t0 = performance.now();
  try {
    pid = spawnServer(dir);
    running = true;
    await ready(dir, pid, ports, displayName, o);
  } catch (err) {
    const logs = `${tail(join(dir, "error.log"))}\n${tail(join(dir, "stdout.log"))}`.trim();
    await stop();
    if (err instanceof BindError) throw err;
    throw new Error(`${(err as Error).message}\n--- clickhouse logs (tail)\n${logs}`, {
      cause: err,
    });
  }
  const startMs = Math.round(performance.now() - t0);
  return {
    host: HOST,
    httpPort: ports.http,
    tcpPort: ports.tcp,
    interserverPort: ports.interserver,
    dir,
    get pid() {
      return pid;
    },
    startMs,
    stop,
    kill,
    async start() {
      if (stopped) throw new Error("clickhouse: start() after stop(): the data dir is gone");
      if (running) return;
      pid = spawnServer(dir);
      running = true;
      // The ports were this server's a moment ago; another process may have taken one.
      await ready(dir, pid, ports, displayName, o);
    },
  };
}

/** Spawns the server of `dir`'s config; returns its pid (its process group). */
function spawnServer(dir: string): number {
  const out = openSync(join(dir, "stdout.log"), "a");
  // detached: its own process group, so stop() reaches any thread-spawned helper too, and
  // unref'd so a server shared for the whole file never holds the test process open.
  // setpriv (util-linux, always installed) execs the server with a parent-death signal: a
  // test process killed with SIGKILL, which runs no exit hook, takes its servers with it.
  const child = spawn(
    "setpriv",
    ["--pdeathsig", "KILL", "--", CLICKHOUSE_BIN, `--config-file=${join(dir, "config.xml")}`],
    { cwd: dir, detached: true, stdio: ["ignore", out, out] },
  );
  closeSync(out);
  child.unref();
  if (child.pid === undefined)
    throw new Error(
      `${CLICKHOUSE_BIN} did not start (is clickhouse-server installed? scripts/setup.sh)`,
    );
  trackPid(child.pid);
  return child.pid;
}

/** Waits for the server to answer, and checks that it alone holds its ports. */
async function ready(
  dir: string,
  pid: number,
  ports: NodePorts,
  displayName: string,
  o: StartOptions,
): Promise<void> {
  await waitFor(
    `clickhouse-server on ${HOST}:${ports.http} to answer SELECT 1`,
    async () => {
      const log = readLog(dir);
      if (/Address already in use/i.test(log)) throw new BindError(`clickhouse: a port is in use`);
      if (!isAlive(pid)) throw new Error(`clickhouse-server exited:\n${log.slice(-2000)}`);
      return (await selectOne(ports.http, displayName)) ? true : undefined;
    },
    o.startTimeoutMs ?? 30_000,
    25,
  );
  // Poco binds with SO_REUSEPORT: a server started on a port another test's server
  // already holds succeeds, and the kernel splits connections between the two.
  for (const port of [ports.http, ports.tcp, ports.interserver])
    if (listeners(port) > 1) throw new BindError(`clickhouse: port ${port} is shared`);
}

const readLog = (dir: string): string =>
  ["error.log", "stdout.log"].map((f) => tail(join(dir, f), 40)).join("\n");

/** True once this very server (by display name) answers `SELECT 1` over HTTP. */
function selectOne(port: number, displayName: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(
      { host: HOST, port, path: "/?query=SELECT%201", timeout: 500, agent: false },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () =>
          resolve(
            res.statusCode === 200 &&
              body.trim() === "1" &&
              res.headers["x-clickhouse-server-display-name"] === displayName,
          ),
        );
        res.on("error", () => resolve(false));
      },
    );
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
  });
}

/** Sockets in LISTEN state on 127.0.0.1:`port` (/proc/net/tcp: local address hex, state 0A). */
function listeners(port: number): number {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  return readFileSync("/proc/net/tcp", "utf8")
    .split("\n")
    .filter((l) => {
      const f = l.trim().split(/\s+/);
      return f[1] === local && f[3] === "0A";
    }).length;
}

/**
 * SIGKILL to the whole group: the temp dir goes with it, so nothing is gained by a
 * graceful shutdown, which waits out open inter-shard connections (3 s measured).
 */
async function killGroup(pid: number): Promise<void> {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    return; // already gone
  }
  await waitFor(`clickhouse pid ${pid} to die`, () => (isAlive(pid) ? undefined : true), 5000, 10);
}
