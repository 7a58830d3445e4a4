// `clickhouse://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE[?cluster=NAME&…]`: the HTTP interface
// (port 8123 by default) and the database the store keeps its tables in (created if
// missing). With `cluster=NAME` the server is the entry node of that cluster (its
// `remote_servers`) and the store spreads observations over its shards (cluster-store.ts):
//   shards=HOST:PORT,HOST:PORT  each shard's HTTP endpoint, in system.clusters shard_num
//                               order (default: the shard's host with the entry node's port);
//                               a replicated shard's replicas as HOST:PORT|HOST:PORT
//   replicated=1                the tables are Replicated… (ZooKeeper), schema.ts
//   partial=1                   reads answer from the shards that are up, and say which
//                               were missing (default: a shard down is an error)
//   spool=DIR                   where writes for a shard that is down wait (default
//                               $XDG_STATE_HOME/dnsight/spool/DATABASE)
// Errors never echo the URL, which may carry a password.
import { DnsightError } from "../../errors.js";

export interface Endpoint {
  host: string;
  port: number;
}

export interface ClusterOptions {
  name: string;
  /** Each shard's replicas (one, unless replicated), in shard_num then replica_num order. */
  shards?: Endpoint[][];
  partial: boolean;
  replicated: boolean;
  spool?: string;
}

export interface ClickHouseLocation extends Endpoint {
  database: string;
  user?: string;
  password?: string;
  cluster?: ClusterOptions;
}

const DATABASE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const CLUSTER = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;
const KNOWN = new Set(["cluster", "shards", "partial", "spool", "replicated"]);
/** More shards than any deployment this store is for; bounds the work of a hostile URL. */
const MAX_SHARDS = 256;

const usage = (what: string): never => {
  throw new DnsightError("USAGE", `clickhouse database URL: ${what}`);
};

/** "HOST:PORT" (an IPv6 literal in brackets) as a shard endpoint. */
export function parseEndpoint(text: string, what: string): Endpoint {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : 0;
  if (!m || port < 1 || port > 65535) return usage(`${what}: expected HOST:PORT`);
  return { host: m[1] ?? m[2]!, port };
}

export const endpointText = (e: Endpoint): string =>
  e.host.includes(":") ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`;

function clusterOptions(params: URLSearchParams): ClusterOptions | undefined {
  for (const k of params.keys())
    if (!KNOWN.has(k))
      usage(
        `unknown parameter ${JSON.stringify(k.slice(0, 40))} (known: state, ${[...KNOWN].join(", ")})`,
      );
  for (const k of KNOWN) if (params.getAll(k).length > 1) usage(`${k}= given twice`);
  const name = params.get("cluster");
  if (name === null) {
    if ([...params.keys()].length > 0)
      usage("shards=, partial=, spool= and replicated= need cluster=NAME");
    return undefined;
  }
  if (!CLUSTER.test(name))
    usage("cluster= must name a cluster of remote_servers (letters, digits, _ . -)");
  const flag = (k: string): boolean => {
    const v = params.get(k);
    if (v !== null && v !== "0" && v !== "1") usage(`${k}= is 0 or 1`);
    return v === "1";
  };
  const out: ClusterOptions = { name, partial: flag("partial"), replicated: flag("replicated") };
  const shards = params.get("shards");
  if (shards !== null) {
    const list = shards.split(",");
    if (list.length > MAX_SHARDS) usage(`shards=: more than ${MAX_SHARDS}`);
    out.shards = list.map((s, i) => {
      const replicas = s.split("|");
      if (replicas.length > MAX_SHARDS)
        usage(`shards= item ${i + 1}: more than ${MAX_SHARDS} replicas`);
      return replicas.map((r) => parseEndpoint(r, `shards= item ${i + 1}`));
    });
  }
  const spool = params.get("spool");
  if (spool !== null) {
    if (spool === "" || spool.includes("\0")) usage("spool= must be a directory");
    out.spool = spool;
  }
  return out;
}

export function parseClickHouseUrl(url: string): ClickHouseLocation {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return usage("not a URL (clickhouse://HOST:PORT/DATABASE)");
  }
  if (u.protocol === "clickhouses:")
    usage("TLS (clickhouses://) is not supported yet: use clickhouse:// on a trusted network");
  if (u.protocol !== "clickhouse:") usage(`unexpected scheme ${u.protocol}`);
  if (u.hostname === "") usage("no host");
  if (u.hash !== "") usage("no #fragment is known");
  const cluster = clusterOptions(u.searchParams);
  const port = u.port === "" ? 8123 : Number(u.port);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (!DATABASE.test(database))
    usage(
      "the path must name a database (letters, digits and _), e.g. clickhouse://localhost:8123/dnsight",
    );
  // An IPv6 literal comes in brackets; node:http wants it bare.
  const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
  return {
    host,
    port,
    database,
    ...(u.username !== "" ? { user: decodeURIComponent(u.username) } : {}),
    ...(u.password !== "" ? { password: decodeURIComponent(u.password) } : {}),
    ...(cluster ? { cluster } : {}),
  };
}
