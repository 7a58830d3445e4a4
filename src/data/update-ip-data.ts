import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { asnTable, countryTable, IP_DATA_FILES, type IpDataFile } from "../enrich/ip-info.js";
import { DnsightError } from "../errors.js";
import type { GuardOptions } from "../net/address-guard.js";
import { httpRequest } from "../net/http-client.js";

// Refreshes the IP → ASN / country tables into `dataDir/ip/` from the npm CDN (or a
// mirror laid out the same way: BASE/PACKAGE/FILE). All four files are fetched and
// parsed before any is replaced, so a failed refresh leaves the previous copy in use.

export const IP_DATA_BASE = "https://cdn.jsdelivr.net/npm/";
const MAX_FILE_BYTES = 128 << 20;

export interface IpDataUpdate {
  file: string;
  ranges: number;
}

export async function updateIpData(
  dir: string,
  from = IP_DATA_BASE,
  o: GuardOptions & { timeoutMs?: number } = {},
): Promise<IpDataUpdate[]> {
  const base = from.endsWith("/") ? from : `${from}/`;
  const got = {} as Record<IpDataFile, { name: string; text: string }>;
  for (const [k, f] of Object.entries(IP_DATA_FILES) as [
    IpDataFile,
    (typeof IP_DATA_FILES)[IpDataFile],
  ][]) {
    const url = new URL(`${f.pkg}/${f.file}`, base);
    const res = await httpRequest(url, {
      ...o,
      timeoutMs: o.timeoutMs ?? 120_000,
      maxBytes: MAX_FILE_BYTES,
      headers: { accept: "text/csv, text/plain;q=0.9, */*;q=0.1" },
      label: "update-data",
    });
    if (res.status !== 200)
      throw new DnsightError("NETWORK", `update-data ${url.href}: HTTP ${res.status}`);
    got[k] = { name: url.href, text: res.body.toString("utf8") };
  }
  // Parsed as the lookups will parse them: a broken file fails here, not in a monitor.
  const asn = asnTable(got.asnV4, got.asnV6);
  const country = countryTable(got.countryV4, got.countryV6);
  if (asn.size === 0 || country.size === 0)
    throw new DnsightError("INPUT", "update-data: an IP table came back empty");
  const target = join(dir, "ip");
  mkdirSync(target, { recursive: true });
  const out: IpDataUpdate[] = [];
  for (const k of Object.keys(IP_DATA_FILES) as IpDataFile[]) {
    const file = IP_DATA_FILES[k].file;
    const tmp = join(target, `.${file}.tmp`);
    writeFileSync(tmp, got[k].text);
    renameSync(tmp, join(target, file));
    out.push({ file, ranges: got[k].text.split("\n").filter((l) => l.trim() !== "").length });
  }
  return out;
}
