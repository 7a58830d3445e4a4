import { dataDir } from "../../data/data-dir.js";
import { lazyIpLookup } from "../../enrich/lazy.js";
import type { IpLookup } from "../../model/ip-facts.js";

// AS and country of an address (src/enrich/ip-info.ts), for the IP page and the
// domain card. The tables load at the first lookup (about a second, once per
// process) from the data folder `dnsight update-data` refreshes, else the packaged
// files: the same folder the CLI reads by default ($DNSIGHT_DATA_DIR, XDG).

let lookup: IpLookup | undefined;

export interface AsAndCountry {
  asn: { number: number; name: string } | null;
  country: string | null;
}

/** The AS and country of `ip`, null where the tables do not know them. */
export function asAndCountry(ip: string): AsAndCountry {
  lookup ??= lazyIpLookup(dataDir(undefined, process.env));
  const f = lookup(ip);
  return {
    asn: f?.asn !== undefined ? { number: f.asn, name: f.asnOrg ?? "" } : null,
    country: f?.country ?? null,
  };
}
