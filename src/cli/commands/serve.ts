import { randomBytes } from "node:crypto";
import { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from "../../api/connections.js";
import { DEFAULT_LIMITS, type ApiOptions } from "../../api/http.js";
import { DEFAULT_QUOTA } from "../../api/quota.js";
import { startApiServer } from "../../api/server.js";
import { defaultSecretPath, loadSessionSecret } from "../../api/session/secret-file.js";
import { loadTlsFiles, type TlsFiles } from "../../api/tls.js";
import { DnsightError } from "../../errors.js";
import { openStore } from "../../store/open.js";
import { defineCommand, type OptionSpec, type OptionValues } from "../command.js";
import { resolveServers } from "../../dns/client/servers.js";
import { intOption, NS_PORT_OPTION, nsPortOption, SERVER_OPTION, strings } from "../options.js";
import { DEMO_USER, openDemoStore } from "../serve-demo.js";
import { storeOption } from "../store-io.js";

// `dnsight serve`: the HTTP API (/api/v1, DNSDB API v2 and CIRCL pDNS), over HTTP or
// HTTPS, until SIGINT or SIGTERM.

const s = (ms: number): number => ms / 1000;

const LIMIT_OPTIONS = {
  "results-max": {
    type: "string",
    value: "N",
    description: `records one answer holds at most, limit=0 included (default ${DEFAULT_LIMITS.resultsMax})`,
  },
  "offset-max": {
    type: "string",
    value: "N",
    description: `largest offset; past it 416 (default ${DEFAULT_LIMITS.offsetMax})`,
  },
  "time-budget": {
    type: "string",
    value: "S",
    description: `seconds one query may run before it ends 'limited' (default ${s(DEFAULT_LIMITS.timeBudgetMs)})`,
  },
  "upload-max": {
    type: "string",
    value: "BYTES",
    description: `largest upload to ingest (POST /api/v1/jobs/ingest), then 413 (default ${DEFAULT_LIMITS.uploadMax})`,
  },
  rate: {
    type: "string",
    value: "N/S|off",
    description: `queries per key and per user (a user's keys and sessions together): N in any S seconds, then 429 (default ${DEFAULT_QUOTA.burstSize}/${DEFAULT_QUOTA.burstWindow})`,
  },
  "key-concurrency": {
    type: "string",
    value: "N",
    description: `queries of one key at once, then 503 (default ${DEFAULT_QUOTA.keyConcurrency})`,
  },
  "max-connections": {
    type: "string",
    value: "N",
    description: `open connections; the longest idle is closed for a new one (default ${DEFAULT_CONNECTION_LIMITS.maxConnections})`,
  },
  "headers-timeout": {
    type: "string",
    value: "S",
    description: `seconds a connection has to send a request's head (default ${s(DEFAULT_CONNECTION_LIMITS.headersTimeoutMs)})`,
  },
  "keep-alive-timeout": {
    type: "string",
    value: "S",
    description: `seconds an idle keep-alive connection is kept (default ${s(DEFAULT_CONNECTION_LIMITS.keepAliveTimeoutMs)})`,
  },
} as const satisfies Record<string, OptionSpec>;

type Limits = Partial<ApiOptions & ConnectionLimits>;

const TLS_OPTIONS = {
  "tls-cert": {
    type: "string",
    value: "FILE",
    description: "serve HTTPS with this PEM certificate (and chain); needs --tls-key",
  },
  "tls-key": { type: "string", value: "FILE", description: "the certificate's PEM private key" },
  "session-secret-file": {
    type: "string",
    value: "F",
    description:
      "the key of the web UI's CSRF tokens, made there (mode 0600) if missing (default: the database path + .session-secret; with --state postgres://…, kept in that state), so sessions outlive a restart and several servers agree",
  },
} as const satisfies Record<string, OptionSpec>;

/** The name the session secret is kept under in a state that keeps secrets. */
const SECRET_NAME = "session-csrf";

/** The certificate and key of --tls-cert/--tls-key, checked; none without them. */
function tlsOption(values: OptionValues<typeof TLS_OPTIONS>): TlsFiles | undefined {
  const cert = values["tls-cert"] as string | undefined;
  const key = values["tls-key"] as string | undefined;
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined || key === undefined)
    throw new DnsightError("USAGE", "--tls-cert and --tls-key go together");
  return loadTlsFiles(cert, key);
}

/** The limits given on the command line; the rest keep their defaults. */
export function serveLimits(values: OptionValues<typeof LIMIT_OPTIONS>): Limits {
  const out: Limits = {};
  const int = (name: keyof typeof LIMIT_OPTIONS, min: number, max: number): number | undefined =>
    intOption(values[name], name, min, max);
  const set = <K extends keyof Limits>(key: K, v: Limits[K] | undefined): void => {
    if (v !== undefined) out[key] = v;
  };
  set("resultsMax", int("results-max", 1, 100_000_000));
  set("offsetMax", int("offset-max", 0, 100_000_000));
  const ms = (name: keyof typeof LIMIT_OPTIONS, max: number): number | undefined => {
    const v = int(name, 1, max);
    return v === undefined ? undefined : v * 1000;
  };
  set("timeBudgetMs", ms("time-budget", 86_400));
  set("uploadMax", int("upload-max", 1, 2 ** 40));
  set("keyConcurrency", int("key-concurrency", 1, 10_000));
  set("maxConnections", int("max-connections", 1, 1_000_000));
  set("headersTimeoutMs", ms("headers-timeout", 3600));
  set("keepAliveTimeoutMs", ms("keep-alive-timeout", 3600));
  const rate = values.rate as string | undefined;
  if (rate === "off" || rate === "0") out.burstSize = 0;
  else if (rate !== undefined) {
    const m = /^(\d{1,9})\/(\d{1,6})$/.exec(rate);
    if (!m || Number(m[1]) < 1 || Number(m[2]) < 1)
      throw new DnsightError(
        "USAGE",
        `--rate wants N/S (queries per seconds) or off, got "${rate}"`,
      );
    out.burstSize = Number(m[1]);
    out.burstWindow = Number(m[2]);
  }
  return out;
}

export const serveCommand = defineCommand({
  name: "dnsight serve",
  description:
    "Serve the HTTP API: the REST API under /api/v1 (passive DNS search, summary and timeline, alerts; its OpenAPI document at /api/v1/openapi.json, docs at /api/v1/docs), DNSDB API v2 under /dnsdb/v2 (dnsdbq -u dnsdb2) and CIRCL pDNS under /pdns/query (COF). Every request but /api/v1/health, /api/v1/openapi.json and /api/v1/docs needs an API key (X-API-Key, or HTTP Basic with the key as password): create one with 'dnsight apikey create'. Each key and each user has a rate (told in RateLimit headers) and a number of queries at once; a query has a time budget; connections are capped and timed out. With --tls-cert and --tls-key it serves HTTPS (the session cookie is then Secure). Login sessions outlive a restart: the key of their CSRF tokens is kept in a file beside the database. One line per request goes to stderr; SIGINT or SIGTERM stops it, letting requests under way finish.",
  options: {
    host: { type: "string", value: "H", description: "address to listen on (default 127.0.0.1)" },
    port: { type: "string", value: "P", description: "TCP port (default 8080; 0 = any free one)" },
    server: {
      ...SERVER_OPTION,
      description:
        "DNS server the active-DNS routes (lookup, monitor checks) ask (default: the system's resolvers)",
    },
    "ns-port": NS_PORT_OPTION,
    demo: {
      type: "boolean",
      description:
        "serve a fresh store filled from the shipped samples (passive DNS, registration snapshots, a watchlist, the alerts they raise), with an admin user whose password is printed once; the store is removed when serve stops",
    },
    ...TLS_OPTIONS,
    ...LIMIT_OPTIONS,
  },
  examples: [
    "dnsight serve --demo",
    "dnsight serve --db ./dnsight.db --port 8080",
    "dnsight serve --rate 3000/60 --key-concurrency 8 --results-max 1000000",
    "dnsight serve --host 0.0.0.0 --port 8443 --tls-cert cert.pem --tls-key key.pem",
    "DNSDB_SERVER=http://127.0.0.1:8080 DNSDB_API_KEY=$KEY dnsdbq -u dnsdb2 -r www.example.com",
  ],
  async run({ values, io }) {
    const host = (values.host as string | undefined) ?? "127.0.0.1";
    const port = intOption(values.port, "port", 0, 65535) ?? 8080;
    const limits = serveLimits(values);
    const tls = tlsOption(values);
    if (values.demo === true && (values.db !== undefined || values.state !== undefined))
      throw new DnsightError(
        "USAGE",
        "--demo serves a fresh store of its own: drop --db and --state",
      );
    const url = storeOption(values, io.env);
    // The demo's sessions end with it: its secret is the process's own, in no file.
    const secretPath =
      (values["session-secret-file"] as string | undefined) ??
      (values.demo === true ? undefined : defaultSecretPath(url));
    const secret = secretPath === undefined ? undefined : loadSessionSecret(secretPath);
    if (secret?.created) io.stderr.write(`dnsight: made the session secret ${secretPath}\n`);
    if (secret?.open)
      io.stderr.write(
        `dnsight: warning: others may read the session secret ${secretPath} (chmod 600 it)\n`,
      );
    const dns = {
      servers: await resolveServers(strings(values.server), io.env),
      nsPort: nsPortOption(values["ns-port"]),
    };
    const demo = values.demo === true ? await openDemoStore() : undefined;
    const store = demo?.store ?? (await openStore(url));
    try {
      // A state with no file beside it (PostgreSQL) keeps the secret itself, so every
      // server on it, on whatever machine, agrees.
      const sessionSecret =
        secret?.secret ??
        (demo
          ? undefined
          : await store.sessions?.sharedSecret?.(SECRET_NAME, () => randomBytes(32)));
      const keys = await store.apiKeys?.listApiKeys();
      if (!demo && !keys?.some((k) => k.revokedAt === undefined))
        io.stderr.write(
          "dnsight: no API keys in this store, so every request will get 401/403; create one with 'dnsight apikey create'\n",
        );
      const server = await startApiServer({
        store,
        host,
        port,
        ...limits,
        dns,
        ...(tls ? { tls } : {}),
        ...(sessionSecret ? { sessionSecret } : {}),
        log: (line) => io.stderr.write(`${new Date().toISOString()} ${line}\n`),
      });
      io.stderr.write(`dnsight: listening on ${server.url}\n`);
      if (demo) {
        const l = demo.loaded;
        io.stdout.write(
          `dnsight demo: ${l.observations} passive-DNS observations, ${l.snapshots} registration snapshots, ${l.watches} watched names, ${l.alerts} alerts\n` +
            `open ${server.url}/ and sign in as "${DEMO_USER}" with the password ${demo.password}\n` +
            `(shown this once; the demo store in ${demo.dir} is removed when serve stops)\n`,
        );
      }
      const signal = await new Promise<string>((resolve) => {
        const stop = (sig: string): void => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          resolve(sig);
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
      io.stderr.write(`dnsight: ${signal}: stopping\n`);
      await server.close();
      return 0;
    } finally {
      await (demo ? demo.close() : store.close());
    }
  },
});
