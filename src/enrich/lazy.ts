import type { IpLookup } from "../model/ip-facts.js";
import { ipDataPaths, loadIpInfo, type IpInfo } from "./ip-info.js";

// The tables load lazily (about a second, tens of MB) and are shared: the IP page, the
// domain card and the AS page of one server read the same copy. One data folder is
// kept, the last one asked for, so a process that switches folders does not pile them up.

let shared: { dataDir: string; info: IpInfo } | undefined;

/** The tables of `dataDir`, loaded at the first call. */
export function sharedIpInfo(dataDir: string): IpInfo {
  if (shared?.dataDir !== dataDir) shared = { dataDir, info: loadIpInfo(ipDataPaths(dataDir)) };
  return shared.info;
}

/** IP → ASN / country that loads its tables at the first lookup. */
export function lazyIpLookup(dataDir: string): IpLookup {
  let info: IpInfo | undefined;
  return (ip) => (info ??= sharedIpInfo(dataDir)).lookup(ip);
}
