import type { FuzzTarget } from "../target.js";
import { dnsRdata, dnsWire, rdataText } from "./dns.js";
import { cof, dnstap, passivedns, pcap, pcapng, zeekJson, zeekTsv } from "./passive.js";
import { rdap, whois, whoisRir } from "./registration.js";

// Every parser that reads untrusted bytes, by the name the bench (--parser) and the
// corpus folders (test/fuzz-corpus/<name>/) use.
export const TARGETS: readonly FuzzTarget[] = [
  dnsWire,
  dnsRdata,
  rdataText,
  whois,
  whoisRir,
  rdap,
  cof,
  zeekTsv,
  zeekJson,
  passivedns,
  dnstap,
  pcap,
  pcapng,
];

export function targetNamed(name: string): FuzzTarget {
  const t = TARGETS.find((x) => x.name === name);
  if (!t)
    throw new Error(`no fuzz target "${name}" (have ${TARGETS.map((x) => x.name).join(", ")})`);
  return t;
}
