// `clickhouse://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE`: the HTTP interface (port 8123 by
// default) and the database the store keeps its tables in (created if missing). Errors
// never echo the URL, which may carry a password.
import { DnsightError } from "../../errors.js";

export interface ClickHouseLocation {
  host: string;
  port: number;
  database: string;
  user?: string;
  password?: string;
}

const DATABASE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const usage = (what: string): never => {
  throw new DnsightError("USAGE", `clickhouse database URL: ${what}`);
};

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
  if (u.search !== "" || u.hash !== "") usage("no query parameters are known besides state=");
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
  };
}
