import { DnsightError } from "../errors.js";
import { guardOptions, type GuardOptions } from "../net/address-guard.js";
import type { PerServerLimiter } from "./net/per-server-limiter.js";
import { whoisQuery, type WhoisQueryOptions } from "./net/whois-client.js";
import {
  referralIn,
  splitHostPort,
  whoisNumberQueryFor,
  type ServerTable,
} from "./servers/whois-servers.js";
import type { WhoisHop } from "./whois-chain.js";

// The WHOIS side of an IP or AS number lookup. ARIN's server answers for the whole
// number space: its own registrations in full, and for space handed to another
// RIR the IANA-level block ("NetType: Allocated to RIPE NCC") with a
// `ReferralServer: whois://whois.ripe.net` line. That referral is followed with
// the plain key, at most two hops; rwhois:// referrals (ISPs' RWhois, RFC 2167)
// are another protocol and are not. Every hop comes back, text or error.
//
// A server table entry keyed by a server's host name redirects it, e.g.
// `"whois.arin.net": {"whois": ["127.0.0.1:4343"], "rdap": []}`: a local mirror,
// or tests keeping every hop, referrals included, on this machine.

export const ARIN_WHOIS = "whois.arin.net";

export interface NumberHop extends WhoisHop {
  /** Where the query went when the table redirects `server` ("127.0.0.1"). */
  address?: string;
}

export interface NumberChainOptions extends GuardOptions {
  /** Redirects by server host name (see above); TLD entries are ignored. */
  table?: ServerTable;
  limiter?: PerServerLimiter;
  /** Referrals followed after ARIN (default 2). */
  maxReferrals?: number;
  timeoutMs?: number;
  maxBytes?: number;
  /** Port for every server not redirected by the table (tests). */
  port?: number;
  /** The first server asked (default whois.arin.net). */
  first?: string;
  /** Swappable transport, for tests that count or fail exchanges. */
  query?: (server: string, query: string, o: WhoisQueryOptions) => Promise<{ text: string }>;
}

// ARIN names the RIR in NetType when a block lacks a ReferralServer line.
const RIR_BY_NAME: [RegExp, string][] = [
  [/RIPE/i, "whois.ripe.net"],
  [/APNIC/i, "whois.apnic.net"],
  [/LACNIC/i, "whois.lacnic.net"],
  [/AFRINIC/i, "whois.afrinic.net"],
];

/** `key` is an address ("8.8.8.8", "2001:db8::1") or an AS number ("AS15169"). */
export async function fetchWhoisNumberChain(
  key: string,
  o: NumberChainOptions = {},
): Promise<NumberHop[]> {
  const ask = o.query ?? whoisQuery;
  const base: WhoisQueryOptions = {
    ...guardOptions(o),
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.maxBytes !== undefined ? { maxBytes: o.maxBytes } : {}),
  };
  const hop = async (server: string, port: number): Promise<NumberHop> => {
    const query = whoisNumberQueryFor(server, key);
    const entry = o.table?.[server.toLowerCase()]?.whois[0];
    const [address, toPort] = entry === undefined ? [server, port] : splitHostPort(entry, port);
    const h: NumberHop = { server, port: toPort, query };
    if (address !== server) h.address = address;
    await o.limiter?.acquire(server);
    try {
      h.text = (await ask(address, query, { ...base, port: toPort })).text;
    } catch (e) {
      h.error = e instanceof DnsightError ? e.message : String(e);
    }
    return h;
  };

  const hops = [await hop(o.first ?? ARIN_WHOIS, o.port ?? 43)];
  for (let i = 0; i < (o.maxReferrals ?? 2); i++) {
    const current = hops[hops.length - 1]!;
    const next = current.text === undefined ? undefined : rirReferral(current.text, current.server);
    if (!next || hops.some((h) => h.server === next.host)) break;
    hops.push(await hop(next.host, o.port ?? next.port));
  }
  return hops;
}

/**
 * Where an answer sends the query next: the last whois:// `ReferralServer:` (with
 * `n +` ARIN lists the networks least specific first, so the last is the
 * address's own), else the RIR an "Allocated to ..." NetType names.
 */
export function rirReferral(
  text: string,
  self?: string,
): { host: string; port: number } | undefined {
  // [ \t], not \s: with the m flag, \s* ran from each line start over every blank line after it.
  const lines = [...text.matchAll(/^[ \t]*ReferralServer[ \t]*:.*$/gim)].map((m) => m[0]);
  for (const line of lines.reverse()) {
    const r = referralIn(line, self);
    if (r) return r;
  }
  if (lines.length > 0) return undefined; // only rwhois:// or malformed: not followed
  const types = [...text.matchAll(/^[ \t]*NetType[ \t]*:[ \t]*Allocated to (.+)$/gim)];
  const rir = types.pop()?.[1];
  const host = RIR_BY_NAME.find(([re]) => rir !== undefined && re.test(rir))?.[1];
  return host && host !== self?.toLowerCase() ? { host, port: 43 } : undefined;
}
