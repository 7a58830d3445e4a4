// The ClickHouse test helper cleans up after itself: stop() ends the server and removes its
// dir, and a test process killed with SIGKILL (no exit hook runs) takes its server with it.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { createInterface } from "node:readline";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { isAlive, waitFor } from "../helpers/_process.js";
import { startClickHouse } from "../helpers/clickhouse.js";

const CHILD = fileURLToPath(new URL("../helpers/_clickhouse-child.ts", import.meta.url));

describe("ClickHouse test helper", () => {
  it("stop() ends the server and removes its dir", async () => {
    const server = await startClickHouse();
    assert.ok(isAlive(server.pid) && existsSync(server.dir));
    await server.stop();
    assert.ok(!isAlive(server.pid), "server gone");
    assert.ok(!existsSync(server.dir), "dir gone");
    await server.stop(); // twice is fine
  });

  it("a test process killed with SIGKILL leaves no server running", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines = createInterface({ input: child.stdout! });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once("line", resolve);
      child.once("exit", (code) =>
        reject(new Error(`child exited ${code} before starting a server`)),
      );
    });
    const { pid, dir } = JSON.parse(first) as { pid: number; dir: string };
    try {
      assert.ok(isAlive(pid));
      child.kill("SIGKILL");
      await waitFor(
        `clickhouse-server ${pid} to die with its test process`,
        () => (isAlive(pid) ? undefined : true),
        10_000,
        50,
      );
    } finally {
      if (isAlive(pid)) process.kill(pid, "SIGKILL");
      rmSync(dir, { recursive: true, force: true }); // the killed process could not remove it
    }
  });
});
