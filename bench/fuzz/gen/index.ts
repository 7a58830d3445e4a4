import { pcapngRecipes, pcapRecipes } from "./capture.js";
import { dnstapRecipes } from "./dnstap.js";
import { dnsRdataRecipes, dnsWireRecipes, rdataTextRecipes } from "./dns.js";
import { rdapRecipes } from "./rdap.js";
import { cofRecipes, passiveDnsRecipes, zeekJsonRecipes, zeekTsvRecipes } from "./passive-text.js";
import type { RecipeFactory } from "./recipe.js";
import { rirRecipes } from "./rir.js";
import { whoisRecipes } from "./whois.js";

/** Each target's input recipes, by target name (bench/fuzz/targets). */
export const RECIPES: Readonly<Record<string, RecipeFactory>> = {
  "dns-wire": dnsWireRecipes,
  "dns-rdata": dnsRdataRecipes,
  "rdata-text": rdataTextRecipes,
  whois: whoisRecipes,
  "whois-rir": rirRecipes,
  rdap: rdapRecipes,
  cof: cofRecipes,
  "zeek-tsv": zeekTsvRecipes,
  "zeek-json": zeekJsonRecipes,
  passivedns: passiveDnsRecipes,
  dnstap: dnstapRecipes,
  pcap: pcapRecipes,
  pcapng: pcapngRecipes,
};
