import { domainToASCII } from "node:url";
import type { ObservationStore } from "../store/types.js";
import { DnsightError } from "../errors.js";

// The search box's suggestions: stored names starting with what was typed, read as
// the store keeps names (lowercase, no trailing dot; an IDN as its A-label once a
// label is whole). One index seek per name (ObservationStore.suggestNames).

/** The most suggestions one call gives. */
export const SUGGEST_MAX = 10;

/** What was typed, as a stored name's prefix; undefined when no stored name can start so. */
export function suggestPrefix(typed: string): string | undefined {
  let t = typed.trim().toLowerCase();
  // "*.example" and ".example" are wildcard habits: suggest from what follows.
  t = t.replace(/^\*?\./, "");
  if (t === "" || /\s/.test(t)) return undefined;
  if (/[^\x20-\x7e]/.test(t)) {
    // A Unicode name is stored as its A-label: only whole labels convert, so the
    // text is converted up to its last dot and the rest given as typed if ASCII.
    const cut = t.lastIndexOf(".");
    const head = cut < 0 ? t : t.slice(0, cut);
    const tail = cut < 0 ? "" : t.slice(cut);
    const ascii = domainToASCII(head);
    if (ascii === "" || /[^\x20-\x7e]/.test(tail)) return undefined;
    t = ascii + tail;
  }
  return t;
}

/** Up to `limit` stored names starting with `typed`, in byte order. */
export async function suggestNames(
  store: ObservationStore & { backend: string },
  typed: string,
  limit = SUGGEST_MAX,
): Promise<string[]> {
  const prefix = suggestPrefix(typed);
  if (prefix === undefined) return [];
  if (store.suggestNames === undefined)
    throw new DnsightError("UNSUPPORTED", `the ${store.backend} store does not suggest names`);
  return store.suggestNames(prefix, limit);
}
