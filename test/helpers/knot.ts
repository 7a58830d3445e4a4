// A real Knot DNS authoritative server on loopback, configured in a temp dir per test.
import { execFile } from "node:child_process";
import { randomInt } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Observation } from "../../src/model/observation.js";
import { trackPid, untrackPid, type Hooks } from "./cleanup.js";
import { probe, TYPE } from "./_dns-probe.js";
import { isAlive, killAndWait, pidsByCmdline, readPid, tail, waitFor } from "./_process.js";
import { assertLoopback, BindError, onFreePort, type LoopbackAddress } from "./ports.js";
import { makeTmpDir } from "./tmp.js";

const run = promisify(execFile);

export interface KnotZone {
  /** Zone apex, with or without the trailing dot. */
  origin: string;
  /** Zone file text; relative names and `@` are relative to `origin` (Knot sets $ORIGIN). */
  text: string;
  /** Sign with an ECDSA P-256 CSK that Knot generates and manages itself. */
  dnssec?: boolean;
  /**
   * Serve AXFR and IXFR to loopback clients. Knot then keeps a journal of changes:
   * a reload after setZone with a higher serial records the difference, which
   * IXFR from the older serial returns.
   */
  transfer?: boolean;
}

export interface KnotOptions {
  zones: KnotZone[];
  /** Defaults to 127.0.0.1. Any 127.x works without configuring an alias (as root even on port 53). */
  address?: LoopbackAddress;
  /** Defaults to a free port; a fixed port (e.g. 53) is not retried if it is taken. */
  port?: number;
  /** Milliseconds to wait for every zone to answer (signed zones included). Default 15000. */
  startTimeoutMs?: number;
  /**
   * Streams every response Knot sends as dnstap (mod-dnstap, AUTH_RESPONSE) to this Unix
   * socket: bidirectional Frame Streams, (re)connecting while nothing listens.
   */
  dnstapSocket?: string;
}

export interface KnotServer {
  readonly host: string;
  readonly port: number;
  /** The temp dir holding knot.conf, the zone files, keys, knot.log; removed by stop(). */
  readonly dir: string;
  readonly pid: number;
  /** Replaces one zone's text and reloads it; resolves once the new zone is served. */
  setZone(origin: string, text: string): Promise<void>;
  /** Reloads every zone from its file (after editing files in `dir` by hand). */
  reload(): Promise<void>;
  /** Stops knotd (SIGTERM, then SIGKILL) and removes `dir`. Safe to call twice. */
  stop(): Promise<void>;
}

const fqdn = (name: string): string => (name.endsWith(".") ? name : `${name}.`);
const fileOf = (origin: string): string => `${fqdn(origin).slice(0, -1) || "root"}.zone`;

/** Starts knotd; pass the TestContext as `t` to have it stopped after the test. */
export async function startKnot(opts: KnotOptions, t?: Hooks): Promise<KnotServer> {
  const host = opts.address ?? "127.0.0.1";
  assertLoopback(host);
  const server = await onFreePort(host, opts.port, (port) => launch(opts, host, port));
  t?.after(() => server.stop());
  return server;
}

async function launch(opts: KnotOptions, host: string, port: number): Promise<KnotServer> {
  const tmp = makeTmpDir("knot");
  const dir = tmp.path;
  const conf = join(dir, "knot.conf");
  const log = join(dir, "knot.log");
  writeFileSync(conf, config(opts.zones, dir, host, port, opts.dnstapSocket));
  for (const z of opts.zones) writeFileSync(join(dir, fileOf(z.origin)), z.text);

  // -d: knotd forks, the launcher exits at once and the daemon writes rundir/knot.pid.
  // Bind errors happen after the fork, so they show only in knot.log.
  try {
    await run("knotd", ["-c", conf, "-d"], { timeout: 10_000 });
  } catch (err) {
    tmp.remove();
    throw new Error(`knotd failed to start: ${(err as Error).message}`, { cause: err });
  }
  let pid: number | undefined;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // Before knot.pid exists (a failed start) the daemon is found by its unique config path.
    const pids = pid !== undefined ? [pid] : pidsByCmdline(conf);
    for (const p of pids) {
      await killAndWait(p);
      untrackPid(p);
    }
    tmp.remove();
  };

  try {
    await waitFor(
      `knotd on ${host}@${port} to serve ${opts.zones.map((z) => fqdn(z.origin)).join(" ")}`,
      async () => {
        const text = logSince(log, 0);
        if (/cannot bind address/.test(text))
          throw new BindError(`knotd: ${host}@${port} is in use`);
        // A zone that fails to load is logged, and knotd keeps running without it.
        if (/critical:|error: \[/.test(text))
          throw new Error(`knotd failed: ${errorLines(text).split("\n")[0]}`);
        if (pid === undefined) {
          pid = readPid(join(dir, "knot.pid"));
          if (pid === undefined) return undefined;
          trackPid(pid);
        }
        if (!isAlive(pid)) throw new Error(`knotd exited:\n${tail(log)}`);
        for (const z of opts.zones) if (!(await serves(host, port, z))) return undefined;
        return true;
      },
      opts.startTimeoutMs ?? 15_000,
      10,
    );
  } catch (err) {
    const logTail = tail(log); // before stop() removes the dir
    await stop();
    if (err instanceof BindError) throw err;
    throw new Error(`${(err as Error).message}\n--- knot.log (tail)\n${logTail}`, { cause: err });
  }

  const reload = async (zones: KnotZone[], ...names: string[]): Promise<void> => {
    const from = logSize(log);
    // -b waits until the reload event finished; -f reloads even if the mtime did not change.
    await run("knotc", ["-c", conf, "-b", "-f", "zone-reload", ...names], { timeout: 15_000 });
    // knotc says OK even when the new file does not parse (Knot keeps serving the old zone).
    const errors = errorLines(logSince(log, from));
    if (errors)
      throw new Error(`knot could not reload ${names.join(" ") || "its zones"}:\n${errors}`);
    for (const z of zones) {
      await waitFor(
        `${fqdn(z.origin)} to be served again`,
        async () => (await serves(host, port, z)) || undefined,
        5000,
        10,
      );
    }
  };
  return {
    host,
    port,
    dir,
    pid: pid as number, // set once ready
    stop,
    async setZone(origin, text) {
      const zone = opts.zones.find((z) => fqdn(z.origin) === fqdn(origin));
      if (!zone) throw new Error(`knot was not started with zone ${origin}`);
      writeFileSync(join(dir, fileOf(origin)), text);
      await reload([zone], fqdn(origin));
    },
    reload: () => reload(opts.zones),
  };
}

const logSize = (log: string): number => (existsSync(log) ? statSync(log).size : 0);
const logSince = (log: string, offset: number): string =>
  existsSync(log) ? readFileSync(log).subarray(offset).toString("utf8") : "";
const errorLines = (text: string): string =>
  text
    .split("\n")
    .filter((l) => /(error|critical):/.test(l))
    .join("\n");

/** A zone is up when it answers its SOA authoritatively; a signed one also serves a signed DNSKEY. */
async function serves(host: string, port: number, z: KnotZone): Promise<boolean> {
  const soa = await probe(host, port, fqdn(z.origin), TYPE.SOA, { timeoutMs: 100 });
  if (!soa || soa.rcode !== 0 || !soa.aa || !soa.answerTypes.includes(TYPE.SOA)) return false;
  if (!z.dnssec) return true;
  const keys = await probe(host, port, fqdn(z.origin), TYPE.DNSKEY, {
    dnssec: true,
    timeoutMs: 100,
  });
  return !!keys && keys.answerTypes.includes(TYPE.DNSKEY) && keys.answerTypes.includes(TYPE.RRSIG);
}

function config(
  zones: KnotZone[],
  dir: string,
  host: string,
  port: number,
  dnstapSocket?: string,
): string {
  const q = (s: string): string => JSON.stringify(s); // Knot's YAML-like syntax takes "quoted" strings
  return [
    "server:",
    `    listen: ${host}@${port}`,
    `    rundir: ${q(dir)}`,
    // One worker of each kind: tests run several servers on 2 cores.
    "    udp-workers: 1",
    "    tcp-workers: 1",
    "    background-workers: 1",
    "log:",
    `  - target: ${q(join(dir, "knot.log"))}`,
    "    any: info",
    "database:",
    `    storage: ${q(dir)}`,
    `    kasp-db: ${q(join(dir, "keys"))}`,
    "policy:",
    "  - id: test",
    "    algorithm: ecdsap256sha256",
    // One combined signing key: no KSK/ZSK split needed in tests, and it signs faster.
    "    single-type-signing: on",
    ...(dnstapSocket
      ? [
          "mod-dnstap:",
          "  - id: tap",
          `    sink: ${q(`unix:${dnstapSocket}`)}`,
          "    log-queries: off",
          "    log-responses: on",
        ]
      : []),
    "template:",
    "  - id: default",
    `    storage: ${q(dir)}`,
    ...(dnstapSocket ? ["    global-module: mod-dnstap/tap"] : []),
    // Never write the zone back or keep a journal: the file the test wrote is the truth.
    "    zonefile-sync: -1",
    "    journal-content: none",
    "acl:",
    "  - id: loopback-transfer",
    "    address: 127.0.0.0/8",
    "    action: transfer",
    "zone:",
    ...zones.flatMap((z) => [
      `  - domain: ${q(fqdn(z.origin))}`,
      `    file: ${q(fileOf(z.origin))}`,
      ...(z.dnssec ? ["    dnssec-signing: on", "    dnssec-policy: test"] : []),
      ...(z.transfer
        ? [
            "    acl: loopback-transfer",
            "    journal-content: changes",
            "    zonefile-load: difference",
          ]
        : []),
    ]),
    "",
  ].join("\n");
}

export interface DanglingAliasLab {
  /** The parent zone's server: a resolver that answers for `test` and refers `lib.test` on. */
  readonly server: LoopbackAddress;
  /** An address on the same 127.x net where nothing listens. */
  readonly unused: LoopbackAddress;
  /** The alias as a passive DNS sensor would have seen it, for a store to know the name. */
  readonly seen: Observation;
  stop(): Promise<void>;
}

/**
 * Two Knots on port 53 at their own 127.x addresses: `test` delegates `lib.test`, whose
 * `shop` alias is left pointing at shop.gone.test, a name that does not exist (the
 * dangling CNAME the monitor must raise). Port 53 because the delegation names servers
 * by address only, and a resolver following it asks them there.
 */
export async function startDanglingAliasLab(): Promise<DanglingAliasLab> {
  const net = `127.${randomInt(20, 250)}.${randomInt(1, 250)}`;
  const addr = (i: number) => `${net}.${i}` as LoopbackAddress;
  const start = (i: number, origin: string, lines: string[]) =>
    startKnot({ zones: [{ origin, text: `${lines.join("\n")}\n` }], address: addr(i), port: 53 });
  const started = await Promise.allSettled([
    start(1, "test", [
      "@ 1 SOA ns hostmaster 1 3600 900 604800 1",
      "@ 1 NS ns",
      `ns 1 A ${addr(1)}`,
      "lib 1 NS ns1.lib",
      `ns1.lib 1 A ${addr(2)}`,
    ]),
    start(2, "lib.test", [
      "@ 1 SOA ns1 hostmaster 1 3600 900 604800 1",
      "@ 1 NS ns1",
      `ns1 1 A ${addr(2)}`,
      "@ 1 A 198.51.100.7",
      "shop 1 CNAME shop.gone.test.",
    ]),
  ]);
  const servers = started.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
  const failed = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const seen: Observation = {
    rrname: "shop.lib.test",
    rrtype: "CNAME",
    rdata: "shop.gone.test.",
    timeFirst: 1_760_000_000,
    timeLast: 1_760_000_000,
    count: 3,
    source: "passive",
  };
  return { server: addr(1), unused: addr(9), seen, stop };
}
