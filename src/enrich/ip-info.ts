import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { DnsightError } from "../errors.js";
import type { IpFacts } from "../model/ip-facts.js";
import { asIndex, type AsRange } from "./as-ranges.js";
import {
  addressNumber,
  buildRangeTable,
  parseRangeTable,
  rangeTableFrom,
  type RangeTable,
  type RangeTableParts,
} from "./range-table.js";

// IP → AS number, AS organisation and country, offline, from the @ip-location-db
// packages (asn: RouteViews and DB-IP, CC BY 4.0; asn-country: NRO statistics, CC BY
// 4.0). `dnsight update-data` refreshes copies into the data folder; those are used
// when present, the packaged files otherwise.

export const IP_DATA_FILES = {
  asnV4: { pkg: "@ip-location-db/asn", file: "asn-ipv4-num.csv" },
  asnV6: { pkg: "@ip-location-db/asn", file: "asn-ipv6-num.csv" },
  countryV4: { pkg: "@ip-location-db/asn-country", file: "asn-country-ipv4-num.csv" },
  countryV6: { pkg: "@ip-location-db/asn-country", file: "asn-country-ipv6-num.csv" },
} as const;
export type IpDataFile = keyof typeof IP_DATA_FILES;

/** Where each file is read from: the refreshed copy in `dataDir/ip/`, else the package. */
export function ipDataPaths(dataDir?: string): Record<IpDataFile, string> {
  const require = createRequire(import.meta.url);
  const out = {} as Record<IpDataFile, string>;
  const refreshed = dataDir ? join(dataDir, "ip") : undefined;
  const useRefreshed =
    refreshed !== undefined &&
    Object.values(IP_DATA_FILES).every((f) => existsSync(join(refreshed, f.file)));
  for (const [k, f] of Object.entries(IP_DATA_FILES) as [
    IpDataFile,
    (typeof IP_DATA_FILES)[IpDataFile],
  ][]) {
    out[k] = useRefreshed
      ? join(refreshed, f.file)
      : join(dirname(require.resolve(`${f.pkg}/package.json`)), f.file);
  }
  return out;
}

export interface IpInfo {
  lookup(ip: string): IpFacts | undefined;
  /** What the tables say of an AS; its reverse index is built at the first call. */
  asFacts(asn: number): AsFacts;
}

export interface AsFacts {
  asn: number;
  /** The organisation the table names, null if it has none or the AS announces nothing. */
  name: string | null;
  /** The country most of its ranges are in (the NRO delegations), null if none is known. */
  country: string | null;
  /** Its address ranges, IPv4 first, each family in address order, adjacent ones joined. */
  ranges: AsRange[];
}

/** A data file's text; the AS organisation names are UTF-8. */
function read(path: string): { name: string; text: string } {
  try {
    return { name: path, text: readFileSync(path, "utf8") };
  } catch (e) {
    throw new DnsightError(
      "INPUT",
      `IP data ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/** The AS table's value: number and organisation, each organisation's text kept once. */
function asnValue(): (f: string[]) => { asn: number; org: string } {
  const orgs = new Map<string, string>();
  return (f) => {
    const org = f.slice(1).join(",");
    if (!orgs.has(org)) orgs.set(org, org);
    return { asn: Number(f[0]), org: orgs.get(org)! };
  };
}

function countryValue(f: string[]): string {
  if (!/^[A-Z]{2}$/.test(f[0] ?? "")) throw new DnsightError("INPUT", `bad country "${f[0]}"`);
  return f[0]!;
}

type Csv = { name: string; text: string };

export function asnTable(v4: Csv, v6: Csv): RangeTable<{ asn: number; org: string }> {
  return buildRangeTable({ v4, v6 }, asnValue());
}

export function countryTable(v4: Csv, v6: Csv): RangeTable<string> {
  return buildRangeTable({ v4, v6 }, countryValue);
}

/** Both tables parsed, as arrays another thread can hand over (ip-tables-worker.ts). */
export interface IpTables {
  asn: RangeTableParts<{ asn: number; org: string }>;
  country: RangeTableParts<string>;
}

/** Reads and parses the four files: the slow part (about a second). */
export function parseIpTables(paths: Record<IpDataFile, string>): IpTables {
  return {
    asn: parseRangeTable({ v4: read(paths.asnV4), v6: read(paths.asnV6) }, asnValue()),
    country: parseRangeTable(
      { v4: read(paths.countryV4), v6: read(paths.countryV6) },
      countryValue,
    ),
  };
}

/** Loads the four tables (about a second); lookups are then microseconds. */
export function loadIpInfo(paths: Record<IpDataFile, string> = ipDataPaths()): IpInfo {
  return ipInfoFrom(parseIpTables(paths));
}

/** The lookups over parsed tables. */
export function ipInfoFrom(tables: IpTables): IpInfo {
  const asn = rangeTableFrom(tables.asn);
  const country = rangeTableFrom(tables.country);
  const byAs = asIndex(asn);
  return {
    asFacts(n) {
      const { org, ranges } = byAs.ranges(n);
      const votes = new Map<string, number>();
      for (const r of ranges) {
        const cc = country.lookup(r.first, r.version === 6);
        if (cc !== undefined) votes.set(cc, (votes.get(cc) ?? 0) + 1);
      }
      let best: string | null = null;
      // Ties go to the country seen first, in address order (Map keeps insertion order).
      for (const [cc, v] of votes) if (best === null || v > votes.get(best)!) best = cc;
      return { asn: n, name: org, country: best, ranges };
    },
    lookup(ip) {
      const a = addressNumber(ip);
      if (!a) return undefined;
      const as = asn.lookup(a.n, a.v6);
      const cc = country.lookup(a.n, a.v6);
      if (!as && !cc) return undefined;
      return {
        ...(as ? { asn: as.asn, ...(as.org ? { asnOrg: as.org } : {}) } : {}),
        ...(cc ? { country: cc } : {}),
      };
    },
  };
}
