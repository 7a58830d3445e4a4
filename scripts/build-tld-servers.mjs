#!/usr/bin/env node
// Builds data/tld-servers.json (TLD -> WHOIS and RDAP servers) from the
// whoisserver-world snapshot in ../shared/fixtures/bootstrap/tld-servers.json
// (ISC licence, 7c/whoisserver-world; see data/README.md). Run again when that
// snapshot is refreshed.
import { readFileSync, writeFileSync } from "node:fs";

const src = new URL("../../shared/fixtures/bootstrap/tld-servers.json", import.meta.url);
const out = new URL("../data/tld-servers.json", import.meta.url);
const all = JSON.parse(readFileSync(src, "utf8"));
const table = {};
for (const tld of Object.keys(all).sort()) {
  const e = all[tld];
  const whois = (e.whoisServer ?? []).map((s) => String(s).toLowerCase());
  const rdap = (e.rdapServers ?? []).map(String);
  if (whois.length || rdap.length) table[tld] = { whois, rdap };
}
writeFileSync(out, JSON.stringify(table) + "\n");
console.log(`data/tld-servers.json: ${Object.keys(table).length} TLDs`);
