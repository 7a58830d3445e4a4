import { toQueryName } from "../dns/input-name.js";
import { DnsightError } from "../errors.js";
import { requirePart } from "../store/require-part.js";
import type { Store, Watch, WatchKind } from "../store/types.js";

// The watchlist as `dnsight watch` and the API change it: names as people type them
// (U-labels, a trailing dot, any case) stored as A-labels, a brand's owned domains
// with it, and removal that says which names were not watched.

export interface WatchChange {
  /** As typed. */
  names: readonly string[];
  kind: WatchKind;
  /** A brand's other domains (replaces what it had); only for brands. */
  owned?: readonly string[];
}

/** A name as typed → the stored A-label form; DnsightError "INPUT" for an address or a malformed name. */
export function watchName(text: string): string {
  const q = toQueryName(text);
  if (q.reverseOf !== undefined)
    throw new DnsightError("INPUT", `watch takes domain names, not addresses: "${text}"`);
  const n = q.qname.replace(/\.$/, "").toLowerCase();
  // DNS labels may hold any byte (RFC 2181 11), but a name one owns or imitates is a
  // host name: letters, digits and hyphens (RFC 1123 2.1), underscores for service labels.
  if (n === "" || !n.split(".").every((l) => /^[a-z0-9_-]{1,63}$/.test(l)))
    throw new DnsightError("INPUT", `not a domain name: "${text}"`);
  return n;
}

/** Watches the names (or changes their kind); returns them as stored, in the order given, and which were new. */
export async function addToWatchlist(
  store: Store,
  change: WatchChange,
  at: number,
): Promise<{ watches: Watch[]; added: string[] }> {
  const watches = requirePart(store, "watches");
  if (change.owned !== undefined && change.kind !== "brand")
    throw new DnsightError("INPUT", `owned domains are for brands, not ${change.kind} names`);
  const names = [...new Set(change.names.map(watchName))];
  const owned = change.owned?.map(watchName);
  const isNew = await watches.addWatches(names, change.kind, at, owned);
  const stored = new Map((await watches.listWatches()).map((w) => [w.name, w]));
  return {
    watches: names.flatMap((n) => stored.get(n) ?? []),
    added: names.filter((_, i) => isNew[i]),
  };
}

/** Stops watching the names (their alerts stay); says which were not watched. */
export async function removeFromWatchlist(
  store: Store,
  typed: readonly string[],
): Promise<{ removed: string[]; missing: string[] }> {
  const names = typed.map(watchName);
  const gone = await requirePart(store, "watches").removeWatches(names);
  return {
    removed: names.filter((_, i) => gone[i]),
    missing: names.filter((_, i) => !gone[i]),
  };
}
