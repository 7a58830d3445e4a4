// A real BIND 9 (Debian's `named`) as an authoritative server on loopback, in the
// foreground from a temp dir, for the tests that need BIND itself: its dnstap output
// (responses, bidirectional Frame Streams to a Unix socket). No
// recursion, no rndc, no IPv6 listener; stop() sends SIGTERM, on which named flushes
// and closes its dnstap stream before it exits.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { trackPid, untrackPid, type Hooks } from "./cleanup.js";
import { probe, TYPE } from "./_dns-probe.js";
import { waitFor } from "./_process.js";
import { BindError, onFreePort } from "./ports.js";
import { makeTmpDir } from "./tmp.js";

export const NAMED_BIN = "/usr/sbin/named";

export interface BindZone {
  /** Zone apex, without the trailing dot. */
  origin: string;
  /** Zone file text, `$TTL` included where records leave the TTL out. */
  text: string;
}

export interface BindServer {
  readonly host: "127.0.0.1";
  readonly port: number;
  /** SIGTERM, waiting for named to exit (its dnstap stream closed); removes its dir. */
  stop(): Promise<void>;
}

export async function startBind(
  o: { zones: BindZone[]; dnstapSocket?: string },
  t?: Hooks,
): Promise<BindServer> {
  const server = await onFreePort("127.0.0.1", undefined, (port) => launch(o, port));
  t?.after(() => server.stop());
  return server;
}

async function launch(
  o: { zones: BindZone[]; dnstapSocket?: string },
  port: number,
): Promise<BindServer> {
  const tmp = makeTmpDir("named");
  const dir = tmp.path;
  const q = JSON.stringify; // named.conf takes "quoted" strings as JSON writes them
  const conf = join(dir, "named.conf");
  writeFileSync(
    conf,
    [
      "options {",
      `  directory ${q(dir)};`,
      `  pid-file ${q(join(dir, "named.pid"))};`,
      `  session-keyfile ${q(join(dir, "session.key"))};`,
      `  managed-keys-directory ${q(dir)};`,
      `  listen-on port ${port} { 127.0.0.1; };`,
      "  listen-on-v6 { none; };",
      "  recursion no;",
      "  dnssec-validation no;",
      ...(o.dnstapSocket
        ? [
            // named logs an answer to a query with RD set (dig's) as CLIENT_RESPONSE,
            // one without (a resolver's) as AUTH_RESPONSE: both, as a sensor gets them.
            "  dnstap { auth response; client response; };",
            `  dnstap-output unix ${q(o.dnstapSocket)};`,
          ]
        : []),
      "};",
      "controls { };",
      ...o.zones.map(
        (z) => `zone ${q(z.origin)} { type primary; file ${q(join(dir, `${z.origin}.zone`))}; };`,
      ),
      "",
    ].join("\n"),
  );
  for (const z of o.zones) writeFileSync(join(dir, `${z.origin}.zone`), z.text);
  // -g: foreground, log to stderr; -n 1: one worker thread (tests share 2 cores).
  const child = spawn(NAMED_BIN, ["-g", "-n", "1", "-c", conf], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  trackPid(child.pid!);
  let log = "";
  child.stderr!.on("data", (b: Buffer) => (log += b.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(killer);
    untrackPid(child.pid!);
    tmp.remove();
  };
  try {
    await waitFor(
      `named on 127.0.0.1#${port} to serve ${o.zones.map((z) => z.origin).join(" ")}`,
      async () => {
        if (/address in use/i.test(log)) throw new BindError(`named: port ${port} is in use`);
        if (child.exitCode !== null) throw new Error(`named exited:\n${log.slice(-2000)}`);
        for (const z of o.zones) {
          const soa = await probe("127.0.0.1", port, `${z.origin}.`, TYPE.SOA, { timeoutMs: 100 });
          if (!soa || soa.rcode !== 0 || !soa.aa) return undefined;
        }
        return true;
      },
      15_000,
      20,
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return { host: "127.0.0.1", port, stop };
}
