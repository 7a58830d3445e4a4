// Handler for name server lines: names, with the glue addresses that follow a
// name on the same line (`ns1.example.com 192.0.2.1 2001:db8::1`) or in brackets.

import { LIMITS } from "../limits.js";
import type { AnswerState } from "./answer-state.js";
import type { WhoisEntry } from "./blocks.js";

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f]*:[0-9a-f:.]+$/i;
const HOST = /^(?=.*[a-z])[a-z0-9_-]+(\.[a-z0-9_-]+)+\.?$/i;

export function nameserverHandler(s: AnswerState, e: WhoisEntry): void {
  const v = e.value.toLowerCase();
  // .dk prints the domain's own name as `DNS:`; a domain is not its own name server
  if (e.key === "dns" && s.asked !== undefined && v === s.asked.toLowerCase()) return;
  if (e.key === "dns" && s.domainName !== undefined && v === s.domainName.toLowerCase()) return;
  addNameservers(s, e.value);
}

function addNameservers(s: AnswerState, value: string): void {
  const { record, cut, nameservers: byName } = s;
  const tokens = value
    .replace(/[[\](),]/g, " ")
    .split(/\s+/)
    .filter((t) => t !== "");
  let current: (typeof record.nameservers)[number] | undefined;
  for (const token of tokens) {
    if (IPV4.test(token) || (IPV6.test(token) && token.includes(":"))) {
      const list = IPV4.test(token) ? current?.ipv4 : current?.ipv6;
      if (!list) continue;
      if (list.length < LIMITS.addresses) list.push(token.toLowerCase());
      else cut.drop("addresses", LIMITS.addresses);
      continue;
    }
    if (!HOST.test(token)) continue;
    const name = token.toLowerCase().replace(/\.$/, "");
    if (byName.has(name)) {
      current = byName.get(name);
      continue;
    }
    // A name past the cap is remembered as left out, so its addresses are too.
    current = cut.admit("nameservers", LIMITS.nameservers)
      ? { name, ipv4: [], ipv6: [] }
      : undefined;
    byName.set(name, current);
    if (current) record.nameservers.push(current);
  }
}
