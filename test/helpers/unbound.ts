// A real Unbound recursive resolver on loopback that knows only the test zones it is given.
//
// It must never reach the internet, so four layers keep it on loopback:
// 1. `local-zone: "." refuse` plus `transparent` for each stub zone: a client query for any
//    name outside the stubs is answered REFUSED by Unbound itself, without a lookup.
// 2. root-hints name a root server at a loopback address nothing listens on, so a lookup
//    the iterator makes on its own (e.g. an NS target outside the stubs) cannot aim at the
//    real root servers; it ends in SERVFAIL after Unbound's retries (5+ seconds).
// 3. do-not-query-address covers every IPv4 address but 127.0.0.0/8, and IPv6 is off, so
//    even a delegation to a public address in test zone data is never queried.
// 4. outgoing-interface 127.0.0.1: Linux will not route a packet with a loopback source
//    address off the machine.
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { trackPid, untrackPid, type Hooks } from "./cleanup.js";
import { probe, TYPE } from "./_dns-probe.js";
import { killAndWait, tail, waitFor } from "./_process.js";
import { assertLoopback, BindError, onFreePort, TEST_PORT_MAX } from "./ports.js";
import { makeTmpDir } from "./tmp.js";

export interface StubZone {
  zone: string;
  /** Authoritative servers as Unbound writes them: "127.0.0.1@5353", "127.0.0.2" (port 53). */
  addrs: string[];
}

export interface UnboundOptions {
  stubs: StubZone[];
  /** Listen address, IPv4 loopback only (IPv6 is off, see above). Default 127.0.0.1. */
  address?: `127.${number}.${number}.${number}`;
  port?: number;
  /** Unbound connects here as a frame-streams client (bidirectional handshake by default). */
  dnstap?: { socketPath: string; bidirectional?: boolean };
  /** Extra `server:` lines, e.g. "cache-max-ttl: 0". */
  extraServerConfig?: string[];
  startTimeoutMs?: number;
}

export interface UnboundServer {
  readonly host: string;
  readonly port: number;
  readonly dir: string;
  readonly pid: number;
  stop(): Promise<void>;
}

// Not a DNS server anywhere: root-hints point here (layer 2).
const DEAD_ROOT = "127.255.255.254";
// Every IPv4 block except 127.0.0.0/8 (layer 3).
const NON_LOOPBACK_V4 = [
  "0.0.0.0/2",
  "64.0.0.0/3",
  "96.0.0.0/4",
  "112.0.0.0/5",
  "120.0.0.0/6",
  "124.0.0.0/7",
  "126.0.0.0/8",
  "128.0.0.0/1",
];

const fqdn = (name: string): string => (name.endsWith(".") ? name : `${name}.`);

/** Starts unbound; pass the TestContext as `t` to have it stopped after the test. */
export async function startUnbound(opts: UnboundOptions, t?: Hooks): Promise<UnboundServer> {
  const host = opts.address ?? "127.0.0.1";
  assertLoopback(host);
  for (const s of opts.stubs) for (const a of s.addrs) assertLoopback(a.split("@")[0] ?? "");
  const server = await onFreePort(host, opts.port, (port) => launch(opts, host, port));
  t?.after(() => server.stop());
  return server;
}

async function launch(opts: UnboundOptions, host: string, port: number): Promise<UnboundServer> {
  const tmp = makeTmpDir("unbound");
  const dir = tmp.path;
  const conf = join(dir, "unbound.conf");
  const log = join(dir, "unbound.log");
  writeFileSync(
    join(dir, "root.hints"),
    `. 3600000 NS a.root.invalid.\na.root.invalid. 3600000 A ${DEAD_ROOT}\n`,
  );
  writeFileSync(conf, config(opts, dir, host, port));

  // Foreground child (-d) rather than do-daemonize: node reaps it (no zombie left to a PID 1
  // that does not reap), its exit is seen at once, and setup errors land on its stderr.
  const out = openSync(join(dir, "stderr.log"), "w");
  const child = spawn("unbound", ["-d", "-c", conf], { stdio: ["ignore", out, out] });
  closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new Error("unbound could not be spawned");
  trackPid(pid);
  // Unref: a test that forgets stop() must not keep its process alive; cleanup.ts kills it.
  child.unref();
  let exited = false;
  const exitedP = new Promise<void>((resolve) =>
    child.once("exit", () => ((exited = true), resolve())),
  );

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      child.ref(); // else awaiting its exit leaves node's event loop empty and the test dies
      await killAndWait(pid);
      await exitedP; // reaped, so /proc no longer has it
    }
    untrackPid(pid);
    tmp.remove();
  };

  const why = (): string => [tail(join(dir, "stderr.log")), tail(log)].filter(Boolean).join("\n");
  try {
    await waitFor(
      `unbound on ${host}@${port}`,
      async () => {
        if (exited) {
          const text = why();
          if (/could not (bind|open)|Address already in use/i.test(text))
            throw new BindError(`unbound: ${host}@${port} is in use:\n${text}`);
          throw new Error(`unbound exited:\n${text}`);
        }
        // Unbound writes its pidfile once its ports are open: a query sent earlier would be
        // lost and cost a whole probe timeout.
        if (!existsSync(join(dir, "unbound.pid"))) return undefined;
        // localhost. is answered from Unbound's built-in local data: ready without touching a stub.
        const r = await probe(host, port, "localhost.", TYPE.A, { rd: true, timeoutMs: 100 });
        return r?.rcode === 0 ? true : undefined;
      },
      opts.startTimeoutMs ?? 10_000,
      10,
    );
  } catch (err) {
    const output = why(); // before stop() removes the dir
    await stop();
    if (err instanceof BindError || !/^timed out/.test((err as Error).message)) throw err;
    throw new Error(`${(err as Error).message}\n--- unbound output\n${output}`, { cause: err });
  }
  return { host, port, dir, pid, stop };
}

function config(opts: UnboundOptions, dir: string, host: string, port: number): string {
  const q = (s: string): string => JSON.stringify(s);
  const server = [
    `interface: ${host}`,
    `port: ${port}`,
    "do-ip6: no",
    // Without reuseport a second server on a taken port fails to bind instead of sharing it.
    "so-reuseport: no",
    'username: ""',
    'chroot: ""',
    `directory: ${q(dir)}`,
    `pidfile: ${q(join(dir, "unbound.pid"))}`,
    `logfile: ${q(join(dir, "unbound.log"))}`,
    "use-syslog: no",
    "verbosity: 1",
    "num-threads: 1",
    "outgoing-range: 64",
    // Keep Unbound's random source ports out of the range ports.ts hands to test servers.
    `outgoing-port-avoid: 0-${TEST_PORT_MAX}`,
    // Iterator only: no validator, so no trust anchor and no priming of the real root.
    'module-config: "iterator"',
    "do-not-query-localhost: no",
    "access-control: 127.0.0.0/8 allow",
    "outgoing-interface: 127.0.0.1",
    `root-hints: ${q(join(dir, "root.hints"))}`,
    ...NON_LOOPBACK_V4.map((n) => `do-not-query-address: ${n}`),
    'local-zone: "." refuse',
    ...opts.stubs.flatMap((s) => [
      // transparent replaces any built-in local zone of that name (e.g. "test.", "invalid.")
      // and, being more specific, overrides the one above it ("test." for "example.test.").
      `local-zone: ${q(fqdn(s.zone))} transparent`,
      `domain-insecure: ${q(fqdn(s.zone))}`,
    ]),
    ...(opts.extraServerConfig ?? []),
  ];
  const stubs = opts.stubs.flatMap((s) => [
    "stub-zone:",
    `  name: ${q(fqdn(s.zone))}`,
    ...s.addrs.map((a) => `  stub-addr: ${a}`),
  ]);
  const dnstap = opts.dnstap
    ? [
        "dnstap:",
        "  dnstap-enable: yes",
        `  dnstap-socket-path: ${q(opts.dnstap.socketPath)}`,
        `  dnstap-bidirectional: ${opts.dnstap.bidirectional === false ? "no" : "yes"}`,
        "  dnstap-send-identity: yes",
        "  dnstap-send-version: yes",
        "  dnstap-log-client-query-messages: yes",
        "  dnstap-log-client-response-messages: yes",
        "  dnstap-log-resolver-query-messages: yes",
        "  dnstap-log-resolver-response-messages: yes",
      ]
    : [];
  return ["server:", ...server.map((l) => `  ${l}`), ...stubs, ...dnstap, ""].join("\n");
}
