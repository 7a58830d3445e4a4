import type { NetworkBlock, RegistrationRecord } from "../../model/registration.js";
import { rangeToCidrs } from "../../net/ip-number.js";
import { Truncation } from "../limits.js";
import { emptyRecord } from "../record.js";
import { isArin, parseArin } from "./rir-arin.js";
import type { RirFacts } from "./rir-facts.js";
import { splitRirObjects } from "./rir-objects.js";
import { spanEnd, spanStart } from "./rir-range.js";
import { isRpsl, parseRpsl } from "./rir-rpsl.js";
import { isoToSecond } from "../../util/time.js";

// A regional internet registry's WHOIS answer about an IP address or AS number,
// read by structure rather than by server: ARIN's `NetRange:`/`ASNumber:` blocks,
// or RPSL objects (RIPE, APNIC, AFRINIC, LACNIC). The record has the shape an
// RDAP answer gives (rdap/network.ts): a network block with range and prefixes,
// the holder as registrant, and the abuse desk as the contact with role "abuse".

export interface ParseRirOptions {
  /** The server that answered (for the record's source). */
  server?: string;
  /** What was asked: an address ("8.8.8.8") or an AS number ("AS15169"). */
  key: string;
  fetchedAt?: string;
}

// "No match found for n + 10.1.2.3." (ARIN), "%ERROR:101: no entries found"
// (RIPE, APNIC, AFRINIC), "% No match for ..." (LACNIC). Anything else without a
// network ("% Not assigned to LACNIC") is "unknown".
const NOT_FOUND =
  /^(?:%[ \t]*)?(?:no match found for|%?error:101|no entries found|no match for)\b/im;
// "%ERROR:201: access denied" (RIPE and its software at APNIC and AFRINIC, daily
// limits), ARIN's "Query rate limit exceeded", LACNIC's "Query rate limit exceeded".
// The phrases may stand anywhere in a line: searched for as they are, since
// `^(?:%\s*)?.*phrase` rescanned a line of spaces once per space.
const THROTTLED = /^(?:%[ \t]*)?%?error:201|query rate limit exceeded|exceeded the query limit/im;

export function parseRirWhois(text: string, o: ParseRirOptions): RegistrationRecord {
  const asn = /^as\d+$/i.test(o.key);
  const label = asn ? o.key.toUpperCase() : o.key.toLowerCase();
  const source = {
    protocol: "whois" as const,
    server: o.server ?? "",
    fetchedAt: o.fetchedAt ?? isoToSecond(),
    referrals: [],
  };
  const cut = new Truncation();
  const split = splitRirObjects(text, cut);
  const facts = isArin(split.objects)
    ? parseArin(split.objects, label, cut)
    : isRpsl(split.objects)
      ? parseRpsl(split, label, cut)
      : undefined;
  if (!facts) {
    const record = emptyRecord(label, source);
    record.status = THROTTLED.test(text)
      ? "throttled"
      : NOT_FOUND.test(text)
        ? "available"
        : "unknown";
    cut.mark(record);
    return record;
  }
  const network = networkBlock(facts);
  const record = emptyRecord(network ? subject(network) : label, source);
  record.status = facts.notHeldHere ? "unknown" : "registered";
  if (facts.created) record.created = facts.created;
  if (facts.updated) record.updated = facts.updated;
  record.contacts = facts.contacts;
  if (network) record.network = network;
  cut.mark(record);
  return record;
}

function networkBlock(f: RirFacts): NetworkBlock | undefined {
  let block: NetworkBlock;
  if (f.ip) {
    const [start, end] = [spanStart(f.ip), spanEnd(f.ip)];
    block = { kind: "ip", start, end, cidrs: f.cidrs.length ? f.cidrs : rangeToCidrs(start, end) };
  } else if (f.asn) {
    block = { kind: "asn", start: `AS${f.asn.first}`, end: `AS${f.asn.last}`, cidrs: [] };
  } else return undefined;
  for (const k of ["handle", "name", "type", "country", "organization", "parentHandle"] as const) {
    const v = f[k];
    if (v !== undefined) block[k] = v;
  }
  return block;
}

// One prefix names the network, else the range; "AS1-AS2" as RDAP's subject does.
function subject(n: NetworkBlock): string {
  if (n.kind === "asn") return n.start === n.end ? n.start : `${n.start}-${n.end}`;
  return n.cidrs.length === 1 ? n.cidrs[0]! : `${n.start} - ${n.end}`;
}
