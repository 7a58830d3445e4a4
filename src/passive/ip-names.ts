import { reverseName } from "../dns/input-name.js";
import { DnsightError } from "../errors.js";
import { ipNumber } from "../net/ip-number.js";
import type { ObservationSearch } from "../store/types.js";
import { readPages, type PageReader, type ReadLimits } from "./read-pages.js";
import { ipFamily } from "../net/ip.js";

// What passive DNS says about one IP address: the names whose A or AAAA records held
// it (an address search of one address, src/store/indexed-names.ts's ip_key) and the
// PTR names of its reverse name (RFC 1035 3.5, RFC 3596 2.5).

export interface NameOnIp {
  name: string;
  /** A or AAAA. */
  type: string;
  /** Epoch seconds. */
  firstSeen: number;
  lastSeen: number;
  /** Sightings, summed over sensors and bailiwicks. */
  count: number;
}

export interface NamesOnIp {
  /** Newest last seen first (ties by name), at most `limit`. */
  names: NameOnIp[];
  /** More names than `limit`, or more stored rows than were read. */
  truncated: boolean;
}

/** The search for the rows whose address is `ip`; DnsightError "INPUT" if it is not one. */
export function addressSearch(ip: string): ObservationSearch {
  // A zone id (fe80::1%eth0) names no address of its own, and has no reverse name.
  const n = ipFamily(ip) === 0 || ip.includes("%") ? undefined : ipNumber(ip);
  if (n === undefined) throw new DnsightError("INPUT", `not an IP address: "${ip.slice(0, 64)}"`);
  return { target: { on: "ip", version: n.version, first: n.value, last: n.value } };
}

/**
 * The names seen on `ip`. The address index holds an address's rows in name order,
 * not by time, so at most `maxRows` rows are read: past them the newest of those is
 * what the answer holds, and it says `truncated`.
 */
export async function namesOnIp(
  read: PageReader,
  ip: string,
  o: ReadLimits & { limit: number },
): Promise<NamesOnIp> {
  const byKey = new Map<string, NameOnIp>();
  const pages = readPages(read, addressSearch(ip), o);
  let step = await pages.next();
  for (; !step.done; step = await pages.next())
    for (const r of step.value) {
      const key = `${r.rrname}\t${r.rrtype}`;
      const had = byKey.get(key);
      if (had === undefined)
        byKey.set(key, {
          name: r.rrname,
          type: r.rrtype,
          firstSeen: r.timeFirst,
          lastSeen: r.timeLast,
          count: r.count,
        });
      else {
        had.firstSeen = Math.min(had.firstSeen, r.timeFirst);
        had.lastSeen = Math.max(had.lastSeen, r.timeLast);
        had.count += r.count;
      }
    }
  const all = [...byKey.values()].sort(
    (a, b) => b.lastSeen - a.lastSeen || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  return { names: all.slice(0, o.limit), truncated: step.value.cut || all.length > o.limit };
}

/** The PTR targets seen for `ip`'s reverse name, without the root dot, distinct, in key order. */
export async function ptrNames(read: PageReader, ip: string, o: ReadLimits): Promise<string[]> {
  addressSearch(ip);
  const rev = reverseName(ip)!.replace(/\.$/, "");
  const out = new Set<string>();
  const search: ObservationSearch = {
    target: { on: "rrname", match: { kind: "name", name: rev } },
    rrtype: "PTR",
  };
  for await (const rows of readPages(read, search, o))
    for (const r of rows) out.add(r.rdata.replace(/\.$/, "") || ".");
  return [...out];
}
