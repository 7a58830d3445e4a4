// Issue 12, drop rules: a zone transfer answers with the zone, not with a chain off the
// question, so the chain rule dropped every record not owned by the apex. Captured from Knot
// on loopback (AXFR over TCP, several messages, each with the question), the store holds
// every record kdig printed, under the zone as bailiwick, and equals tshark's reading.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";
import { startKnot } from "../helpers/knot.js";
import { assertSameSet, kdig, storedRun, tcpdump } from "../helpers/pcap-oracle.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { tsharkAnswerKeys } from "../helpers/tshark-answers.js";

const ZONE = [
  "@ 300 SOA ns.xfr.test. h.xfr.test. 7 3600 900 604800 300",
  "@ 300 NS ns",
  "ns 300 A 127.0.0.1",
  "www 300 CNAME host",
  "host 300 AAAA 2001:db8::7",
  "_sip._udp 300 SRV 10 5 5060 host",
  // Enough to take several messages (Knot fills about 64 KiB each).
  ...Array.from({ length: 2500 }, (_, i) => `h${i} 300 TXT "${"x".repeat(40)} ${i}"`),
  "",
].join("\n");

describe("pcap oracle: a zone transfer", () => {
  it("stores the whole zone kdig printed, as tshark reads it", async (t) => {
    const knot = await startKnot(
      { zones: [{ origin: "xfr.test", text: ZONE, transfer: true }] },
      t,
    );
    const file = join(makeTmpDir("oracle-axfr", t).path, "axfr.pcap");
    const stop = await tcpdump(t, [knot.port], file);
    const printed = await kdig(knot, "xfr.test", "AXFR");
    const sentinel = Buffer.from(`end-${process.pid}-${Date.now()}`);
    await kdig(knot, "+notcp", `${sentinel.toString()}.xfr.test`, "A");
    for (const end = Date.now() + 30_000; Date.now() < end; await sleep(100)) {
      const b = readFileSync(file);
      const first = b.indexOf(sentinel);
      if (first >= 0 && b.indexOf(sentinel, first + 1) >= 0) break;
    }
    await stop();

    assert.ok(printed.length >= 2505, `kdig printed ${printed.length} records`);
    const ours = await storedRun(t, file, { ports: [knot.port] });
    t.diagnostic(
      `stored ${ours.keys.size} of the ${new Set(printed).size} distinct records kdig printed`,
    );
    assertSameSet(ours.keys, await tsharkAnswerKeys(file, { ports: [knot.port] }), "AXFR");
    assert.deepEqual(
      printed.filter((k) => !ours.keys.has(k)),
      [],
      "records kdig printed that the store lacks",
    );
    assert.ok(ours.rows.every((r) => r.bailiwick === "xfr.test"));
  });
});
