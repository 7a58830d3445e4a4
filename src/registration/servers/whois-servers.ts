import { readFileSync } from "node:fs";
import { DnsightError } from "../../errors.js";
import { idnFormFor, nameInForm, type IdnTable } from "./whois-idn.js";
import { urlFromRoot } from "../../package-root.js";

// Which WHOIS server answers for a TLD, and how it wants to be asked. The table
// ships in data/tld-servers.json; servers it lacks are found through IANA's
// `refer:` line (whois.iana.org). Tests inject their own table.

export interface TldServers {
  whois: string[];
  rdap: string[];
}

export type ServerTable = Readonly<Record<string, TldServers>>;

export const IANA_WHOIS = "whois.iana.org";

let shipped: ServerTable | undefined;

/** The table shipped with the package (read once). */
export function shippedServerTable(): ServerTable {
  if (!shipped) {
    const url = urlFromRoot("data", "tld-servers.json");
    try {
      shipped = JSON.parse(readFileSync(url, "utf8")) as ServerTable;
    } catch (e) {
      throw new DnsightError(
        "INTERNAL",
        `cannot read the shipped server table ${url.pathname}: ${(e as Error).message}`,
      );
    }
  }
  return shipped;
}

/** The WHOIS server for a name's TLD, or undefined when the table has none. */
export function whoisServerFor(
  name: string,
  table: ServerTable = shippedServerTable(),
): string | undefined {
  const tld = name.toLowerCase().replace(/\.$/, "").split(".").pop() ?? "";
  return table[tld]?.whois[0];
}

/**
 * The query line a server expects for a domain (RFC 3912 leaves it to each server):
 * Verisign's thin registries take `domain NAME` (a bare name also matches hosts),
 * DENIC wants `-T dn,ace` for the structured record with the A-label, JPRS answers
 * in English with `/e`, the Danish registry shows contact handles on request.
 * An IDN is given in the form the server is listed for (whois-idn.ts; the A-label
 * unless known otherwise).
 */
export function whoisQueryFor(server: string, domain: string, idn?: IdnTable): string {
  const s = server.toLowerCase();
  const name = nameInForm(domain, idnFormFor(s, idn));
  if (s === "whois.verisign-grs.com" || s.endsWith(".verisign-grs.com")) return `domain ${name}`;
  if (s === "whois.denic.de") return `-T dn,ace ${name}`;
  if (s === "whois.jprs.jp") return `${name}/e`;
  if (s === "whois.dk-hostmaster.dk" || s === "whois.punktum.dk") return `--show-handles ${name}`;
  return name;
}

/** The query line for an IP address or AS number (ARIN wants `n +` / `a +` for full detail). */
export function whoisNumberQueryFor(server: string, key: string): string {
  const isAsn = /^as\d+$/i.test(key);
  if (server.toLowerCase() === "whois.arin.net")
    return isAsn ? `a + ${key.slice(2)}` : `n + ${key}`;
  return key;
}

export interface Referral {
  host: string;
  port: number;
}

/**
 * The next server a WHOIS answer points to: `refer:` (IANA), `whois:` (IANA's TLD
 * pages), `Registrar WHOIS Server:` (thin registries), `ReferralServer:` (ARIN,
 * `whois://host:port`). Values may be URLs or carry a path; those are reduced to the
 * host. Undefined when there is none, or when it points back to `self`.
 */
export function referralIn(text: string, self?: string): Referral | undefined {
  // [ \t], not \s, around the key: with the m flag, \s* ran from each line start over
  // all the blank lines after it (quadratic in a reply of newlines).
  let m =
    /^[ \t]*(?:refer|whois|registrar whois server|referralserver)[ \t]*:[ \t]*(\S+)[ \t]*$/im.exec(
      text,
    );
  // Older thin registries wrote "Whois Server:" inside the domain's block; trusted
  // only when there is exactly one (a bare-name query lists many hosts' servers).
  if (!m) {
    const all = [...text.matchAll(/^[ \t]*whois server[ \t]*:[ \t]*(\S+)[ \t]*$/gim)];
    if (all.length === 1) m = all[0]!;
  }
  if (!m) return undefined;
  const value = m[1]!.trim();
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `whois://${value}`;
  let host: string;
  let port = 43;
  try {
    const u = new URL(url);
    host = u.hostname.toLowerCase();
    // RWhois (rwhois://) is another protocol; only WHOIS referrals are followed.
    if (u.protocol === "rwhois:") return undefined;
    if (u.protocol === "whois:" && u.port) port = Number(u.port);
  } catch {
    return undefined;
  }
  // A host name has a dot and only host characters; anything else is a typo or text.
  if (!/^[a-z0-9.-]+\.[a-z0-9-]+$/.test(host) && !/^\[?[0-9a-f:.]+\]?$/.test(host))
    return undefined;
  if (self && host === self.toLowerCase()) return undefined;
  return { host, port };
}

/**
 * A table entry as host and port: "127.0.0.1:4343", "mirror.lab:4343",
 * "localhost:4343" or "[::1]:4343" name a port (a local mirror, a test); a bare
 * host, or a bare IPv6 address (its last group is no port), keeps `port`.
 */
export function splitHostPort(entry: string, port: number): [string, number] {
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(entry);
  if (m && (!m[1]!.includes(":") || entry.startsWith("["))) return [m[1]!, Number(m[2])];
  return [entry, port];
}
