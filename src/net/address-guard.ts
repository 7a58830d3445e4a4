import { lookup } from "node:dns/promises";
import { DnsightError } from "../errors.js";
import { allowedByList, type AllowPrivate } from "./allow-list.js";
import { privateRange } from "./special-ranges.js";
import { ipFamily } from "./ip.js";

export { privateRange } from "./special-ranges.js";

// The SSRF guard for referrals, RDAP links and the takeover probe: a registry
// response names the next server to ask and a watched name's DNS names the host to
// probe, so a hostile or broken one could point us at 127.0.0.1, the LAN or a cloud
// metadata address. Such targets are refused unless the user allowed them.

export interface GuardOptions extends AllowPrivate {
  /** Resolves a host name; injectable for tests. Defaults to getaddrinfo. */
  resolve?: (host: string) => Promise<string[]>;
}

/** Just the guard's own options out of a larger bag, for passing them on. */
export function guardOptions(o: GuardOptions): GuardOptions {
  return {
    ...(o.allowPrivate !== undefined ? { allowPrivate: o.allowPrivate } : {}),
    ...(o.allowLoopback !== undefined ? { allowLoopback: o.allowLoopback } : {}),
    ...(o.allowRanges !== undefined ? { allowRanges: o.allowRanges } : {}),
    ...(o.resolve ? { resolve: o.resolve } : {}),
  };
}

/** Why `ip` may not be reached under `o`, or undefined when it may. */
export function refusal(ip: string, o: GuardOptions = {}): string | undefined {
  const why = privateRange(ip);
  if (why === undefined || why === "not an IP address") return why;
  return allowedByList(ip, o) ? undefined : why;
}

/**
 * Resolves `host` and returns its addresses, or throws DnsightError("INPUT") when
 * any of them is private, loopback or link-local (unless allowed). Checking every
 * address stops a name that has one public and one private record.
 */
export async function guardHost(host: string, o: GuardOptions = {}): Promise<string[]> {
  const bare = host.replace(/^\[|\]$/g, "");
  const addresses = ipFamily(bare)
    ? [bare]
    : await (o.resolve ?? defaultResolve)(bare).catch((e: unknown) => {
        throw new DnsightError("NETWORK", `cannot resolve ${bare}: ${(e as Error).message}`, {
          cause: e,
        });
      });
  if (addresses.length === 0) throw new DnsightError("NETWORK", `${bare} has no address`);
  for (const a of addresses) {
    const why = refusal(a, o);
    if (why === undefined) continue;
    const what = a === bare ? `it is ${why}` : `it resolves to ${a}, ${why}`;
    throw new DnsightError("INPUT", `refusing ${bare}: ${what} (see --allow-private)`);
  }
  return addresses;
}

async function defaultResolve(host: string): Promise<string[]> {
  return (await lookup(host, { all: true })).map((r) => r.address);
}
