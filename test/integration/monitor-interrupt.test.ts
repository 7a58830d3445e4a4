// Ctrl-C on a monitor whose checks are stuck on a resolver that swallows every
// query (a UDP socket on loopback that never answers): the first SIGINT ends the
// process within a second, says so, exits 130, and the store is left usable.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { cli } from "../helpers/cli.js";
import { makeTmpDir } from "../helpers/tmp.js";

const MAIN = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

describe("monitor: the first Ctrl-C stops within a second", () => {
  const tmp = makeTmpDir("intr");
  const db = join(tmp.path, "m.db");
  const sink = createSocket("udp4");
  let port = 0;
  before(async () => {
    await new Promise<void>((r) => sink.bind(0, "127.0.0.1", r));
    port = sink.address().port;
    assert.equal((await cli(["watch", "add", "stuck.test", "--db", db])).status, 0);
  });
  after(() => {
    sink.close();
    tmp.remove();
  });

  for (const once of [true, false])
    it(`monitor${once ? " --once" : ""}`, async () => {
      const child = spawn(
        process.execPath,
        [
          MAIN,
          "monitor",
          ...(once ? ["--once"] : []),
          "--no-registration",
          "--server",
          `127.0.0.1:${port}`,
          "--timeout",
          "5000",
          "--db",
          db,
        ],
        {
          stdio: ["ignore", "pipe", "pipe"],
          env: { ...process.env, DNSIGHT_RESOLV_CONF: "/nonexistent" },
        },
      );
      let stderr = "";
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
      try {
        // Let the pass get going: its first query is in the swallowing resolver.
        await new Promise<void>((resolve) => sink.once("message", () => resolve()));
        const sent = performance.now();
        child.kill("SIGINT");
        const code = await Promise.race([
          exited,
          new Promise((r) => setTimeout(() => r("still running"), 3000)),
        ]);
        const took = performance.now() - sent;
        assert.equal(code, 130, stderr);
        assert.ok(took < 1000, `exited ${Math.round(took)} ms after SIGINT`);
        assert.match(stderr, /interrupted: checks under way abandoned, what finished is stored/);
      } finally {
        child.kill("SIGKILL");
      }
      assert.equal(
        (await cli(["watch", "list", "--json", "--db", db])).status,
        0,
        "the store is usable",
      );
    });
});
