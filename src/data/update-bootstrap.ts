import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DnsightError } from "../errors.js";
import type { GuardOptions } from "../net/address-guard.js";
import { rdapGet } from "../registration/net/rdap-fetch.js";
import { parseBootstrapFile, type BootstrapFiles } from "../registration/rdap/bootstrap.js";

// Refreshes the IANA RDAP bootstrap registries (RFC 9224) into the data folder.
// All four files are fetched and checked before any is replaced, so a failed or
// half-broken refresh leaves the previous copy in use.

export const IANA_BOOTSTRAP = "https://data.iana.org/rdap/";
const FILES: (keyof BootstrapFiles)[] = ["dns", "ipv4", "ipv6", "asn"];

export interface BootstrapUpdate {
  file: string;
  services: number;
  publication?: string;
}

export async function updateBootstrap(
  dir: string,
  from = IANA_BOOTSTRAP,
  o: GuardOptions & { timeoutMs?: number } = {},
): Promise<BootstrapUpdate[]> {
  const fetched: { name: string; raw: string; update: BootstrapUpdate }[] = [];
  for (const name of FILES) {
    const url = new URL(`${name}.json`, from.endsWith("/") ? from : `${from}/`).href;
    const res = await rdapGet(url, o);
    if (res.kind !== "found")
      throw new DnsightError(
        "NETWORK",
        `${url}: ${res.kind === "not-found" ? "not found (404)" : "throttled (429)"}`,
      );
    const file = parseBootstrapFile(res.json, url);
    fetched.push({
      name,
      raw: res.raw,
      update: {
        file: `${name}.json`,
        services: file.services.length,
        ...(file.publication ? { publication: file.publication } : {}),
      },
    });
  }
  const target = join(dir, "bootstrap");
  mkdirSync(target, { recursive: true });
  for (const f of fetched) {
    // Write beside, then rename: a reader never sees a half-written file.
    const tmp = join(target, `.${f.name}.json.tmp`);
    writeFileSync(tmp, f.raw);
    renameSync(tmp, join(target, `${f.name}.json`));
  }
  return fetched.map((f) => f.update);
}
