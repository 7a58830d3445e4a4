import type { CommandDef } from "./command.js";

/** The command tree; each command module is loaded only when it runs. */
export const ROOT: CommandDef = {
  name: "dnsight",
  description:
    "Domain-name intelligence: active DNS, passive DNS and registration data, with ATT&CK detections.",
  options: { version: { type: "boolean", short: "V", description: "print the version" } },
  subcommands: {
    lookup: {
      description: "ask DNS about one name or IP, like dig",
      load: async () => (await import("./commands/lookup.js")).lookupCommand,
    },
    resolve: {
      description: "resolve many names fast, streaming the answers",
      load: async () => (await import("./commands/resolve.js")).resolveCommand,
    },
    registration: {
      description: "who registered a domain, IP block or AS (RDAP, WHOIS), and its history",
      load: async () => (await import("./commands/registration.js")).registrationCommand,
    },
    "update-data": {
      description:
        "refresh the shipped data (IANA RDAP bootstrap, IP → AS / country tables) from their sources",
      load: async () => (await import("./commands/update-data.js")).updateDataCommand,
    },
    pdns: {
      description: "list what is stored for a name",
      load: async () => (await import("./commands/pdns.js")).pdnsCommand,
    },
    ingest: {
      description:
        "read passive DNS into the store: pcap, dnstap (file or socket), Zeek, passivedns, COF",
      load: async () => (await import("./commands/ingest.js")).ingestCommand,
    },
    sensor: {
      description: "publish passive DNS as it is seen to NATS JetStream, for dnsight collect",
      load: async () => (await import("./commands/sensor.js")).sensorCommand,
    },
    collect: {
      description: "consume the sensors' batches from NATS JetStream into the store",
      load: async () => (await import("./commands/collect.js")).collectCommand,
    },
    export: {
      description: "write the whole store out (COF)",
      load: async () => (await import("./commands/export.js")).exportCommand,
    },
    migrate: {
      description:
        "copy a store's observations and registration snapshots into another (SQLite → ClickHouse), then compare",
      load: async () => (await import("./commands/migrate.js")).migrateCommand,
    },
    prune: {
      description: "retention: remove observations last seen longer ago than a duration",
      load: async () => (await import("./commands/prune.js")).pruneCommand,
    },
    serve: {
      description: "serve the HTTP API: DNSDB API v2 (dnsdbq) and CIRCL pDNS",
      load: async () => (await import("./commands/serve.js")).serveCommand,
    },
    lookalike: {
      description: "lookalike domains an adversary might register (T1583.001)",
      load: async () => (await import("./commands/lookalike.js")).lookalikeCommand,
    },
    watch: {
      description: "add, list and remove the names `dnsight monitor` watches",
      load: async () => (await import("./commands/watch.js")).watchCommand,
    },
    monitor: {
      description: "check the watched names on a schedule and raise ATT&CK alerts",
      load: async () => (await import("./commands/monitor.js")).monitorCommand,
    },
    alerts: {
      description: "list the alerts the ATT&CK analytics raised (text, JSON, CSV, STIX 2.1)",
      load: async () => (await import("./commands/alerts.js")).alertsCommand,
    },
    apikey: {
      description: "create, list and revoke the API keys of `dnsight serve`",
      load: async () => (await import("./commands/apikey.js")).apikeyCommand,
    },
    user: {
      description: "add, list, remove and change the users of `dnsight serve` (roles, passwords)",
      load: async () => (await import("./commands/user.js")).userCommand,
    },
    audit: {
      description: "read the audit log of admin and state-changing actions",
      load: async () => (await import("./commands/audit.js")).auditCommand,
    },
  },
  examples: [
    "dnsight lookup example.com -t MX",
    "dnsight resolve names.txt -t A,AAAA --out results.ndjson",
    "dnsight pdns example.com",
  ],
};
