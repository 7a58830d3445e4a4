import { startApiServer } from "../../api/server.js";
import { openStore } from "../../store/open.js";
import type { CommandDef } from "../command.js";
import { intOption } from "../options.js";
import { storeOption } from "../store-io.js";

// `dnsight serve`: the HTTP API (DNSDB API v2 and CIRCL pDNS) until SIGINT or SIGTERM.

export const serveCommand: CommandDef = {
  name: "dnsight serve",
  description:
    "Serve the HTTP API: DNSDB API v2 under /dnsdb/v2 (dnsdbq -u dnsdb2) and CIRCL pDNS under /pdns/query (COF). Every request needs an API key (X-API-Key, or HTTP Basic with the key as password): create one with 'dnsight apikey create'. One line per request goes to stderr; SIGINT or SIGTERM stops it, letting requests under way finish.",
  options: {
    host: { type: "string", value: "H", description: "address to listen on (default 127.0.0.1)" },
    port: { type: "string", value: "P", description: "TCP port (default 8080; 0 = any free one)" },
  },
  examples: [
    "dnsight serve --db ./dnsight.db --port 8080",
    "DNSDB_SERVER=http://127.0.0.1:8080 DNSDB_API_KEY=$KEY dnsdbq -u dnsdb2 -r www.example.com",
  ],
  async run({ values, io }) {
    const host = (values.host as string | undefined) ?? "127.0.0.1";
    const port = intOption(values.port, "port", 0, 65535) ?? 8080;
    const store = await openStore(storeOption(values, io.env));
    try {
      const keys = await store.apiKeys?.listApiKeys();
      if (!keys?.some((k) => k.revokedAt === undefined))
        io.stderr.write(
          "dnsight: no API keys in this store, so every request will get 401/403; create one with 'dnsight apikey create'\n",
        );
      const server = await startApiServer({
        store,
        host,
        port,
        log: (line) => io.stderr.write(`${new Date().toISOString()} ${line}\n`),
      });
      io.stderr.write(`dnsight: listening on ${server.url}\n`);
      const signal = await new Promise<string>((resolve) => {
        const stop = (s: string): void => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          resolve(s);
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
      io.stderr.write(`dnsight: ${signal}: stopping\n`);
      await server.close();
      return 0;
    } finally {
      await store.close();
    }
  },
};
