import type { IpLookup } from "../model/ip-facts.js";
import { ipDataPaths, loadIpInfo, type IpInfo } from "./ip-info.js";

/** IP → ASN / country that loads its tables (about a second) at the first lookup. */
export function lazyIpLookup(dataDir: string): IpLookup {
  let info: IpInfo | undefined;
  return (ip) => (info ??= loadIpInfo(ipDataPaths(dataDir))).lookup(ip);
}
