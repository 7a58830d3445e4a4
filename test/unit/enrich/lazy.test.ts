import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { after, describe, it } from "node:test";
import { IP_DATA_FILES } from "../../../src/enrich/ip-info.js";
import { sharedIpInfoAsync } from "../../../src/enrich/lazy.js";
import { makeTmpDir } from "../../helpers/tmp.js";

// A server loads the IP → AS and country tables in a worker thread: its event loop
// keeps answering other requests meanwhile (on this machine the parse takes 1–10 s of
// CPU, all of which a load on the main thread would hold every request up for).

const tmp = makeTmpDir("ip-lazy", { after });

describe("IP tables loaded in a worker", () => {
  it("keeps the event loop turning while they load, and shares one load", async () => {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const started = performance.now();
    const [a, b] = await Promise.all([
      sharedIpInfoAsync(join(tmp.path, "none")),
      sharedIpInfoAsync(join(tmp.path, "none")),
    ]);
    const took = performance.now() - started;
    delay.disable();
    assert.equal(a, b, "callers at the same time share one load");
    assert.deepEqual(a.lookup("8.8.8.8"), { asn: 15169, asnOrg: "Google LLC", country: "US" });
    assert.equal(a.asFacts(15169).name, "Google LLC");
    const maxLag = delay.max / 1e6;
    // The handing over of the parsed tables is the only work on this thread.
    assert.ok(maxLag < Math.max(250, took / 4), `loop held ${maxLag} ms of a ${took} ms load`);
    assert.equal(await sharedIpInfoAsync(join(tmp.path, "none")), a, "kept once loaded");
  });

  it("names a bad file and line, and tries again at the next call", async () => {
    const dir = join(tmp.path, "bad");
    mkdirSync(join(dir, "ip"), { recursive: true });
    const write = (f: keyof typeof IP_DATA_FILES, text: string): void =>
      writeFileSync(join(dir, "ip", IP_DATA_FILES[f].file), text);
    write("asnV4", "16777216,16777471,13335,Cloudflare\n");
    write("asnV6", "");
    write("countryV6", "");
    write("countryV4", "1,2,AU\n3,x,AU\n");
    const bad = /asn-country-ipv4-num\.csv:2: expected first,last/;
    await assert.rejects(sharedIpInfoAsync(dir), bad);
    write("countryV4", "16777216,16777471,AU\n");
    const info = await sharedIpInfoAsync(dir);
    assert.deepEqual(info.lookup("1.0.0.1"), { asn: 13335, asnOrg: "Cloudflare", country: "AU" });
  });
});
