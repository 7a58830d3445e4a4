import type { DnsState } from "../model/dns-state.js";
import type { Finding } from "../model/finding.js";
import type { Analytic } from "./analytic.js";
import { dnssecRemoved, nsChanged, soaPrimaryChanged, type ZoneLooks } from "./dns-delegation.js";
import {
  danglingNs,
  lameDelegation,
  nsNoAnswer,
  resolverDisagrees,
  serversDisagree,
} from "./dns-servers.js";

// The analytics of a watched zone's delegation and servers (dns-delegation.ts,
// dns-servers.ts), run together over the last look and this one.

export const DNS_CHANGE_ANALYTICS: readonly Analytic<ZoneLooks>[] = [
  nsChanged,
  soaPrimaryChanged,
  dnssecRemoved,
  danglingNs,
  nsNoAnswer,
  lameDelegation,
  serversDisagree,
  resolverDisagrees,
];

export function dnsChangeFindings(
  before: DnsState | undefined,
  now: DnsState,
  at: string,
): Finding[] {
  return DNS_CHANGE_ANALYTICS.flatMap((a) => a.run({ before, now, at }));
}
