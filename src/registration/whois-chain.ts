import { DnsightError } from "../errors.js";
import { guardOptions, type GuardOptions } from "../net/address-guard.js";
import type { PerServerLimiter } from "./net/per-server-limiter.js";
import { whoisQuery, type WhoisQueryOptions } from "./net/whois-client.js";
import { whoisCharsetFor, type CharsetTable } from "./servers/whois-charsets.js";
import type { IdnTable } from "./servers/whois-idn.js";
import {
  IANA_WHOIS,
  referralIn,
  splitHostPort,
  whoisQueryFor,
  whoisServerFor,
  type ServerTable,
} from "./servers/whois-servers.js";

// The WHOIS side of a domain lookup: find the registry's server (the shipped table,
// else IANA's `refer:`), ask it, then follow the registrar referral a thin registry
// gives, at most two hops. A failing registrar keeps the registry's answer: every
// hop is returned, with its text or its error, for the parser to merge. Each
// reply is decoded in the charset its server is known to use (whois-charsets.ts).

export interface WhoisHop {
  server: string;
  port: number;
  query: string;
  text?: string;
  error?: string;
}

export interface WhoisChainOptions extends GuardOptions {
  table?: ServerTable;
  limiter?: PerServerLimiter;
  /** Referrals followed after the registry (default 2). */
  maxReferrals?: number;
  timeoutMs?: number;
  maxBytes?: number;
  /** Port for every server; tests point the whole chain at loopback. */
  port?: number;
  /** Legacy charsets by server (default: the shipped facts in whois-charsets.ts). */
  charsets?: CharsetTable;
  /** IDN query forms by server (default: the shipped facts in whois-idn.ts). */
  idn?: IdnTable;
  /** Where to ask when the table has no server for the TLD. */
  iana?: string;
  /** Swappable transport, for tests that count or fail exchanges. */
  query?: (server: string, query: string, o: WhoisQueryOptions) => Promise<{ text: string }>;
}

export async function fetchWhoisChain(
  domain: string,
  o: WhoisChainOptions = {},
): Promise<WhoisHop[]> {
  const ask = o.query ?? whoisQuery;
  const base: WhoisQueryOptions = {
    ...guardOptions(o),
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.maxBytes !== undefined ? { maxBytes: o.maxBytes } : {}),
  };
  const hop = async (server: string, port: number, query: string): Promise<WhoisHop> => {
    await o.limiter?.acquire(server);
    // Each hop is decoded in its own server's charset: a registry and the
    // registrar it refers to need not agree.
    const charset = whoisCharsetFor(server, o.charsets);
    try {
      const { text } = await ask(server, query, { ...base, port, ...(charset ? { charset } : {}) });
      return { server, port, query, text };
    } catch (e) {
      return { server, port, query, error: e instanceof DnsightError ? e.message : String(e) };
    }
  };

  const hops: WhoisHop[] = [];
  // A table entry may carry a port ("127.0.0.1:4343"), for a local mirror.
  const entry = whoisServerFor(domain, o.table);
  let [server, port]: [string | undefined, number] =
    entry === undefined ? [undefined, o.port ?? 43] : splitHostPort(entry, o.port ?? 43);
  if (server === undefined) {
    const iana = await hop(o.iana ?? IANA_WHOIS, port, domain);
    hops.push(iana);
    const refer = iana.text ? referralIn(iana.text) : undefined;
    if (!refer) return hops;
    [server, port] = [refer.host, o.port ?? refer.port];
  }
  let current = await hop(server, port, whoisQueryFor(server, domain, o.idn));
  hops.push(current);
  for (let i = 0; i < (o.maxReferrals ?? 2) && current.text; i++) {
    const next = referralIn(current.text, current.server);
    if (!next || hops.some((h) => h.server === next.host)) break;
    current = await hop(next.host, o.port ?? next.port, whoisQueryFor(next.host, domain, o.idn));
    hops.push(current);
  }
  return hops;
}
