// A real NATS server with JetStream (Debian's `nats-server`, 2.9) on a loopback port,
// its stream store in a temp dir. kill() is kill -9 with the store kept, start() brings
// it back on the same port and store: what the sensor-fleet tests provoke. stop() kills
// it and removes the dir; cleanup.ts kills what a failed test left.
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { join } from "node:path";
import { trackPid, untrackPid, type Hooks } from "./cleanup.js";
import { isAlive, tail, waitFor } from "./_process.js";
import { freePort } from "./ports.js";
import { makeTmpDir } from "./tmp.js";

export const NATS_BIN = "/usr/sbin/nats-server";

export interface NatsServer {
  /** nats://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  /** The monitoring endpoint (http://127.0.0.1:PORT), /healthz and /jsz. */
  readonly monitorUrl: string;
  readonly dir: string;
  /** SIGKILL, keeping the JetStream store: a crash, to start() again. */
  kill(): Promise<void>;
  /** Starts a killed server again on the same ports and store. */
  start(): Promise<void>;
  /** Kills it and removes its dir. Safe to call twice. */
  stop(): Promise<void>;
}

export interface NatsOptions {
  /** JetStream's file-store ceiling for the whole server, in bytes (default 1 GiB). */
  maxFileStore?: number;
}

function healthy(monitorPort: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(
      {
        host: "127.0.0.1",
        port: monitorPort,
        path: "/healthz?js-enabled-only=true",
        timeout: 1000,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode === 200));
      },
    );
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
  });
}

export async function startNats(t?: Hooks, o: NatsOptions = {}): Promise<NatsServer> {
  const tmp = makeTmpDir("nats");
  const port = await freePort("127.0.0.1");
  const monitorPort = await freePort("127.0.0.1");
  mkdirSync(join(tmp.path, "js"));
  writeFileSync(
    join(tmp.path, "nats.conf"),
    [
      `listen: "127.0.0.1:${port}"`,
      `http: "127.0.0.1:${monitorPort}"`,
      `server_name: dnsight_test_${port}`,
      "jetstream {",
      `  store_dir: "${join(tmp.path, "js")}"`,
      "  max_memory_store: 67108864",
      `  max_file_store: ${o.maxFileStore ?? 2 ** 30}`,
      "}",
      "",
    ].join("\n"),
  );
  let pid = 0;
  let running = false;
  let stopped = false;
  const spawnServer = (): void => {
    const out = openSync(join(tmp.path, "nats.log"), "a");
    // pdeathsig: a test process killed with SIGKILL takes its server with it.
    const child = spawn(
      "setpriv",
      ["--pdeathsig", "KILL", "--", NATS_BIN, "-c", join(tmp.path, "nats.conf")],
      { cwd: tmp.path, detached: true, stdio: ["ignore", out, out] },
    );
    closeSync(out);
    child.unref();
    if (child.pid === undefined)
      throw new Error(`${NATS_BIN} did not start (is nats-server installed? scripts/setup.sh)`);
    pid = child.pid;
    running = true;
    trackPid(pid);
  };
  const ready = (): Promise<unknown> =>
    waitFor(
      `nats-server on 127.0.0.1:${port}`,
      async () => {
        if (!isAlive(pid))
          throw new Error(`nats-server exited:\n${tail(join(tmp.path, "nats.log"))}`);
        return (await healthy(monitorPort)) ? true : undefined;
      },
      30_000,
      25,
    );
  const kill = async (): Promise<void> => {
    if (!running) return;
    running = false;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // gone
    }
    await waitFor(
      `nats-server pid ${pid} to die`,
      () => (isAlive(pid) ? undefined : true),
      5000,
      10,
    );
    untrackPid(pid);
  };
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await kill();
    tmp.remove();
  };
  try {
    spawnServer();
    await ready();
  } catch (e) {
    await stop();
    throw e;
  }
  const server: NatsServer = {
    url: `nats://127.0.0.1:${port}`,
    port,
    monitorUrl: `http://127.0.0.1:${monitorPort}`,
    dir: tmp.path,
    kill,
    async start() {
      if (stopped) throw new Error("nats: start() after stop(): the store is gone");
      if (running) return;
      spawnServer();
      await ready();
    },
    stop,
  };
  t?.after(() => server.stop());
  return server;
}
