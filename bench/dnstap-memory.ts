// Bench (issue 10 §5): memory of `dnsight ingest dnstap --listen` (the real CLI, in a
// process of its own) under 1.8M frames, with an attack held throughout: 300 more
// connections, each sending the first bytes of a 1 MiB frame and then nothing (on
// main that alone held 375 MB, and more connections would hold more). Four writers
// stream answers over 10,000 names on a unix socket; the collector's RSS is read
// from /proc every 50 ms for its peak, and at each fifth of the frames.
// Target: peak RSS < 256 MB, and the peaks of fifths 2-5 within 32 MB of each other
// (flat; the first fifth is warm-up). The budget: Node and SQLite idle ~60 MB; the listener's
// own bound on frames held is 32 MiB; the ingest's working set (an answer memo of up
// to 50k answers, a batch of up to 20k rows, V8's young generation) ~100 MB. None of
// it grows with the frames streamed or the connections opened.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { encodeMessage } from "../src/dns/wire/message.js";
import { encodeDnstap } from "../src/passive/sources/dnstap/encode.js";
import { encodeControl, encodeData } from "../src/passive/sources/dnstap/frame-streams.js";
import { makeTmpDir } from "../test/helpers/tmp.js";
import { countStoredRows, fmt } from "./_util.js";

const FRAMES = Number(process.env.BENCH_DNSTAP_FRAMES ?? 1_800_000);
const WRITERS = 4;
const ATTACKERS = 300;
const NAMES = 10_000;
const CLI = new URL("../dist/cli/main.js", import.meta.url).pathname;
const TARGET_MB = 256;
const FLAT_MB = 32;
const CT = "protobuf:dnstap.Dnstap";

/** The frames one writer cycles through: the answer for each of its names. */
function framesFor(writer: number): Buffer[] {
  const out: Buffer[] = [];
  for (let k = writer; k < NAMES; k += WRITERS) {
    const name = `n${k}.bench.test.`;
    const message = encodeMessage({
      id: k & 0xffff,
      flags: { qr: true, aa: true },
      questions: [{ name, type: "A", class: "IN" }],
      answers: [
        {
          name,
          type: "A",
          class: "IN",
          ttl: 60,
          data: `10.${k >> 16}.${(k >> 8) & 255}.${k & 255}`,
        },
      ],
    });
    out.push(
      encodeData(
        encodeDnstap({
          messageType: "AUTH_RESPONSE",
          responseTime: 1_700_000_000_000 + k,
          responseMessage: message,
          queryZone: "bench.test.",
        }),
      ),
    );
  }
  return out;
}

async function open(path: string): Promise<Socket> {
  const s = connect(path);
  await once(s, "connect");
  s.on("error", () => undefined);
  return s;
}

/** The process's resident set now, MB. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Opens the attack: connections that each send START and all but one byte of a 1 MiB frame. */
async function attack(sock: string, into: Socket[]): Promise<void> {
  const partial = Buffer.alloc(4 + (1 << 20) - 1, 0x41);
  partial.writeUInt32BE(1 << 20, 0);
  for (let i = 0; i < ATTACKERS; i++) {
    const s = await open(sock).catch(() => undefined);
    if (!s) continue;
    into.push(s);
    s.write(encodeControl("START", [CT]));
    s.write(partial);
  }
}

export async function benchDnstapMemory(): Promise<boolean> {
  const tmp = makeTmpDir("bench-dnstap");
  const sock = join(tmp.path, "dnstap.sock");
  const db = join(tmp.path, "tap.db");
  const flags = process.env.BENCH_NODE_FLAGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(
    process.execPath,
    [...flags, CLI, "ingest", "dnstap", "--listen", `unix:${sock}`, "--db", db],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = once(child, "exit");
  const attackers: Socket[] = [];
  // The peak over the whole run, and over the current fifth of the frames.
  let peakMb = 0;
  let fifthPeakMb = 0;
  const poll = setInterval(() => {
    try {
      const mb = rssMb(child.pid!);
      peakMb = Math.max(peakMb, mb);
      fifthPeakMb = Math.max(fifthPeakMb, mb);
    } catch {
      // gone
    }
  }, 50);
  try {
    while (!/listening for dnstap/.test(stderr)) await sleep(20);
    const idleMb = rssMb(child.pid!);
    // The attack first, held to the end: every fifth is sampled under it.
    await attack(sock, attackers);
    await sleep(2000);
    const attackedMb = rssMb(child.pid!);
    let sent = 0;
    const marks = [1, 2, 3, 4, 5].map((k) => Math.floor((FRAMES * k) / 5));
    const fifths: number[] = [];
    const mark = (): void => {
      while (marks.length > 0 && sent >= marks[0]!) {
        marks.shift();
        fifths.push(Math.max(fifthPeakMb, rssMb(child.pid!)));
        fifthPeakMb = 0;
      }
    };
    // A writer the collector closed is a result to report, not a crash of the bench.
    const writerErrors: string[] = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        const frames = framesFor(w);
        const s = await open(sock);
        s.write(encodeControl("START", [CT]));
        for (let i = 0; sent < FRAMES; i++) {
          sent++;
          if (!s.write(frames[i % frames.length]!)) await once(s, "drain");
          if (w === 0 && i % 1000 === 0) mark();
        }
        s.end(encodeControl("STOP"));
      }).map((p, w) => p.catch((e: Error) => void writerErrors.push(`writer ${w}: ${e.message}`))),
    );
    mark();
    const streamMs = performance.now() - t0;
    await sleep(2000); // the collector catches up
    const endMb = rssMb(child.pid!);
    child.kill("SIGINT");
    await exited;
    const stored = await countStoredRows(db);
    // Flat: the peaks of the fifths after the first (warm-up: the answer memo and batch
    // fill) stay within FLAT_MB of each other; a peak is the worst moment of a fifth.
    const later = fifths.slice(1);
    const spread = Math.max(...later) - Math.min(...later);
    const ok =
      peakMb < TARGET_MB && spread <= FLAT_MB && stored === NAMES && writerErrors.length === 0;
    console.log(
      `dnstap listener memory: ${fmt(FRAMES)} frames from ${WRITERS} writers in ${(streamMs / 1000).toFixed(1)} s ` +
        `(${fmt(FRAMES / (streamMs / 1000))} frames/s), under ${ATTACKERS} connections holding partial 1 MiB frames`,
    );
    console.log(
      `  RSS idle ${fmt(idleMb)} MB, under the attack ${fmt(attackedMb)} MB; at each fifth of the frames ` +
        `peaked at ${fifths.map((m) => fmt(m)).join(", ")} MB; after ${fmt(endMb)} MB`,
    );
    if (writerErrors.length > 0) console.log(`  WRITERS CLOSED: ${writerErrors.join("; ")}`);
    console.log(
      `  ${/dnstap connections closed for a limit: .*/.exec(stderr)?.[0] ?? "no connection closed for a limit"}`,
    );
    console.log(
      `  ${/ingested .*/.exec(stderr)?.[0] ?? "(no summary line)"}; stored rows ${fmt(stored)} (expected ${fmt(NAMES)})`,
    );
    console.log(
      `  peak RSS ${fmt(peakMb)} MB (target < ${TARGET_MB} MB), fifths 2-5 within ${fmt(spread)} MB (flat: ≤ ${FLAT_MB} MB) ${ok ? "PASS" : "MISS"}`,
    );
    return ok;
  } finally {
    clearInterval(poll);
    for (const s of attackers) s.destroy();
    if (child.exitCode === null) child.kill("SIGKILL");
    tmp.remove();
  }
}
