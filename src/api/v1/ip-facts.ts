import { dataDir } from "../../data/data-dir.js";
import { sharedIpInfoAsync } from "../../enrich/lazy.js";
import type { IpInfo } from "../../enrich/ip-info.js";

// AS and country of an address (src/enrich/ip-info.ts), for the IP page and the
// domain card. The tables are parsed at the first call in a worker thread (about a
// second, once per process), so other requests go on meanwhile, from the data folder
// `dnsight update-data` refreshes, else the packaged files: the same folder the CLI
// reads by default ($DNSIGHT_DATA_DIR, XDG).

export interface AsAndCountry {
  asn: { number: number; name: string } | null;
  country: string | null;
}

/** The server's IP tables, loaded off the event loop at the first call. */
export function ipTables(): Promise<IpInfo> {
  return sharedIpInfoAsync(dataDir(undefined, process.env));
}

/** The AS and country of `ip`, null where the tables do not know them. */
export async function asAndCountry(ip: string): Promise<AsAndCountry> {
  const f = (await ipTables()).lookup(ip);
  return {
    asn: f?.asn !== undefined ? { number: f.asn, name: f.asnOrg ?? "" } : null,
    country: f?.country ?? null,
  };
}
