// `dnsight serve` as a user starts it: the CLI in a child process on a database,
// host and port, with $DNSIGHT_DB cleared so only --db counts; resolved once its
// "listening on" line is out. Its stderr (the request log) and stdout (what --demo
// prints) are kept for assertions.
import { spawn, type ChildProcess } from "node:child_process";
import { waitFor } from "./_process.js";

export interface ServeChild {
  child: ChildProcess;
  /** Everything written to stderr so far (the last `keepBytes` of it). */
  stderr: () => string;
  stdout: () => string;
  exit: Promise<number | null>;
}

export async function spawnServe(o: {
  /** The store, or "demo" for `serve --demo` (a store of its own). */
  db: string | "demo";
  host: string;
  port: number;
  extra?: readonly string[];
  /** How long it may take to listen (default 20 s). */
  timeoutMs?: number;
  /** Keep only this much of stderr (a flood logs a lot). */
  keepBytes?: number;
}): Promise<ServeChild> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/cli/main.ts",
      "serve",
      ...(o.db === "demo" ? ["--demo"] : ["--db", o.db]),
      "--host",
      o.host,
      "--port",
      String(o.port),
      ...(o.extra ?? []),
    ],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DNSIGHT_DB: "" } },
  );
  let out = "";
  child.stdout!.on("data", (b: Buffer) => {
    if (out.length < 1 << 20) out += b.toString();
  });
  let err = "";
  const keep = o.keepBytes ?? Infinity;
  child.stderr!.on("data", (b: Buffer) => {
    err += b.toString();
    if (err.length > keep) err = err.slice(-keep);
  });
  const exit = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  await waitFor(
    "dnsight serve to listen",
    () => (/listening on/.test(err) ? true : undefined),
    o.timeoutMs ?? 20_000,
  );
  return { child, stderr: () => err, stdout: () => out, exit };
}
