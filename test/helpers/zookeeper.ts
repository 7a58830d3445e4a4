// A real ZooKeeper (Debian's `zookeeper` package, 3.8, on the JDK scripts/setup.sh
// installs) on a loopback port, standalone, from a temp dir: what ReplicatedMergeTree
// needs. stop() kills it and removes the dir; cleanup.ts kills what a failed test left.
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { trackPid, untrackPid, type Hooks } from "./cleanup.js";
import { isAlive, tail, waitFor } from "./_process.js";
import { freePort } from "./ports.js";
import { makeTmpDir } from "./tmp.js";

const JARS = [
  "zookeeper",
  "zookeeper-jute",
  "slf4j-api",
  "slf4j-simple",
  "commons-cli",
  "metrics-core",
];

export interface ZooKeeper {
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** "imok" to the four-letter `ruok`, once the server serves. */
function ruok(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1", () => s.end("ruok"));
    let got = "";
    s.on("data", (d: Buffer) => (got += d.toString()));
    s.on("close", () => resolve(got === "imok"));
    s.on("error", () => resolve(false));
    s.setTimeout(1000, () => s.destroy());
  });
}

export async function startZooKeeper(t?: Hooks): Promise<ZooKeeper> {
  const tmp = makeTmpDir("zk");
  const port = await freePort("127.0.0.1");
  mkdirSync(join(tmp.path, "data"));
  writeFileSync(
    join(tmp.path, "zoo.cfg"),
    [
      "tickTime=500",
      `dataDir=${join(tmp.path, "data")}`,
      `clientPort=${port}`,
      "clientPortAddress=127.0.0.1",
      "admin.enableServer=false",
      "4lw.commands.whitelist=ruok",
      "",
    ].join("\n"),
  );
  const out = openSync(join(tmp.path, "zk.log"), "a");
  const child = spawn(
    "setpriv",
    [
      "--pdeathsig",
      "KILL",
      "--",
      "java",
      "-Xmx128m",
      "-cp",
      JARS.map((j) => `/usr/share/java/${j}.jar`).join(":"),
      "org.apache.zookeeper.server.ZooKeeperServerMain",
      join(tmp.path, "zoo.cfg"),
    ],
    { cwd: tmp.path, detached: true, stdio: ["ignore", out, out] },
  );
  closeSync(out);
  child.unref();
  const pid = child.pid!;
  trackPid(pid);
  const stop = async (): Promise<void> => {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // gone
    }
    await waitFor(`zookeeper pid ${pid} to die`, () => (isAlive(pid) ? undefined : true), 5000, 10);
    untrackPid(pid);
    tmp.remove();
  };
  try {
    await waitFor(
      `zookeeper on 127.0.0.1:${port}`,
      async () => {
        if (!isAlive(pid)) throw new Error(`zookeeper exited:\n${tail(join(tmp.path, "zk.log"))}`);
        return (await ruok(port)) ? true : undefined;
      },
      30_000,
      100,
    );
  } catch (e) {
    await stop();
    throw e;
  }
  const zk = { host: "127.0.0.1", port, stop };
  t?.after(() => zk.stop());
  return zk;
}
