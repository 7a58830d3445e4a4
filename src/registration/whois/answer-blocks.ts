// Which blocks of one WHOIS answer are not about the domain itself: objects that
// describe a contact or the registrar (read by contacts.ts, their dates ignored),
// and, in a multi-match answer, blocks about other names (dropped).

import type { WhoisEntry } from "./blocks.js";
import { classify } from "./fields.js";

/** The entry naming the domain (`Domain Name:`, `domain:`, .it `Domain:\n  Name:`). */
export function isDomainHead(e: WhoisEntry): boolean {
  const c = classify(e);
  return c?.kind === "domain" && c.field === "domain";
}

// RIPE-style objects describing a contact or the registrar rather than the domain
// (.fr, .br, .ir ...): a later block holding a handle, or opening with the object's
// class (`registrar:`, `person:`). Dates inside them are not the domain's.
const OBJECT_KEYS = /^(nic hdl|nic hdl br|handle)$/;
const OBJECT_FIRST = /^(registrar|person|role|contact|nic hdl|nic hdl br|handle)$/;
const OBJECT_BODY = /^(address|phone|e mail|fax no|type|website)$/;

export function objectBlocks(entries: readonly WhoisEntry[]): Set<number> {
  const domainBlock = entries.find(isDomainHead)?.block;
  const out = new Set<number>();
  if (domainBlock === undefined) return out;
  const opened = new Set<number>();
  const body = new Set<number>();
  let previous = -1;
  for (const e of entries) {
    const first = e.block !== previous;
    previous = e.block;
    if (e.block <= domainBlock || e.section !== undefined) continue;
    if (OBJECT_KEYS.test(e.key)) out.add(e.block);
    if (first && OBJECT_FIRST.test(e.key)) opened.add(e.block);
    if (OBJECT_BODY.test(e.key)) body.add(e.block);
  }
  // `registrar:` opening a block is an object only with an object's body
  // (.fr), not Nominet's or SIDN's `Registrar:` section with the name beneath.
  for (const b of opened) if (body.has(b)) out.add(b);
  return out;
}

/**
 * Blocks about other objects in a multi-match answer: a bare-name query at an old
 * thin registry (Verisign) lists every host ("Server Name:") and every domain
 * whose name starts with the query (GOOGLE.COM.ZZZ...) before the domain itself.
 * With two or more such heads, the blocks not about the asked domain are dropped.
 */
export function foreignBlocks(
  entries: readonly WhoisEntry[],
  domain: string | undefined,
): Set<number> {
  const heads = entries.filter((e) => e.key === "server name" || isDomainHead(e));
  const out = new Set<number>();
  if (heads.length < 2) return out;
  const asked = domain?.toLowerCase().replace(/\.$/, "");
  for (const h of heads) {
    const name = h.value.trim().split(/\s+/)[0]?.toLowerCase().replace(/\.$/, "");
    if (h.key === "server name" || (asked !== undefined && name !== asked)) out.add(h.block);
  }
  // Never drop everything: an answer that names only other objects is read as before.
  const kept = heads.some((h) => !out.has(h.block));
  return kept ? out : new Set();
}
