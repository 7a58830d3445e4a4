// Health and counters of a sensor or collector for Prometheus: GET /metrics answers
// the text exposition format (version 0.0.4), GET /healthz "ok" while the NATS
// connection is up (503 otherwise). Loopback unless told another address.
import { createServer, type Server } from "node:http";
import { DnsightError } from "../errors.js";

export interface Metric {
  name: string;
  help: string;
  type: "counter" | "gauge";
  value: number;
  labels?: Record<string, string>;
}

const escapeLabel = (v: string): string =>
  v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');

export function prometheusText(metrics: readonly Metric[]): string {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const m of metrics) {
    if (!seen.has(m.name)) {
      seen.add(m.name);
      out.push(`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`);
    }
    const labels = Object.entries(m.labels ?? {});
    const l = labels.length
      ? `{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}`
      : "";
    out.push(`${m.name}${l} ${Number.isFinite(m.value) ? m.value : 0}`);
  }
  return `${out.join("\n")}\n`;
}

export interface MetricsServer {
  /** HOST:PORT it listens on. */
  address: string;
  close(): Promise<void>;
}

/** Listens on `listen` (HOST:PORT, port 0 for any). */
export async function serveMetrics(
  listen: string,
  read: () => Promise<readonly Metric[]>,
  healthy: () => boolean,
): Promise<MetricsServer> {
  const m = /^(.*):(\d+)$/.exec(listen);
  if (!m)
    throw new DnsightError("USAGE", `--metrics ${listen}: give HOST:PORT, e.g. 127.0.0.1:9464`);
  const host = m[1]!.replace(/^\[(.*)\]$/, "$1");
  const server: Server = createServer((req, res) => {
    if (req.method !== "GET") return void res.writeHead(405).end();
    if (req.url === "/healthz") {
      const ok = healthy();
      return void res
        .writeHead(ok ? 200 : 503, { "content-type": "text/plain" })
        .end(ok ? "ok\n" : "nats down\n");
    }
    if (req.url !== "/metrics") return void res.writeHead(404).end();
    read().then(
      (ms) =>
        res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(prometheusText(ms)),
      (e: Error) => res.writeHead(500, { "content-type": "text/plain" }).end(`${e.message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(new DnsightError("USAGE", `--metrics ${listen}: ${e.code ?? e.message}`)),
    );
    server.listen(Number(m[2]), host, resolve);
  });
  const a = server.address();
  const address =
    typeof a === "object" && a
      ? `${a.address.includes(":") ? `[${a.address}]` : a.address}:${a.port}`
      : listen;
  return {
    address,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
