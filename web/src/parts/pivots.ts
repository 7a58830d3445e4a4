import { api } from "../api.js";
import type { IpFacts, PartyKeys, RegistrationRecordView, SearchPage } from "../types.js";

// What one click on a node of the pivot graph expands to: for a domain its
// addresses, name servers, mail servers, registrar and registrant organisation; for
// an address the names seen on it; for a name server or mail server the names that
// use it (a search inside record data); for a registrar or registrant organisation
// the domains whose newest stored registration names it. All from stored data:
// passive DNS and registration snapshots.

export type NodeKind = "domain" | "ip" | "ns" | "mx" | "registrar" | "org";

export interface PivotNode {
  id: string;
  kind: NodeKind;
  label: string;
}

export interface Expansion {
  nodes: PivotNode[];
  /** Edges from the expanded node, in the same order as `nodes`. */
  edgeLabels: string[];
}

export const nodeId = (kind: NodeKind, label: string): string => `${kind}:${label}`;
const node = (kind: NodeKind, label: string): PivotNode => ({
  id: nodeId(kind, label),
  kind,
  label,
});

/** Rows of a pDNS search, at most `cap` (one page). */
async function search(params: Record<string, string>, cap: number): Promise<SearchPage["rows"]> {
  const q = new URLSearchParams({ ...params, limit: String(Math.min(1000, cap)) });
  return (await api<SearchPage>(`/pdns/search?${q}`)).rows;
}

const host = (rdata: string): string => rdata.split(" ").pop()!.replace(/\.$/, "").toLowerCase();

export async function expand(n: PivotNode, cap: number): Promise<Expansion> {
  const out: Expansion = { nodes: [], edgeLabels: [] };
  const seen = new Set<string>();
  const add = (k: NodeKind, label: string, edge: string): void => {
    const x = node(k, label);
    if (seen.has(x.id) || x.id === n.id) return;
    seen.add(x.id);
    out.nodes.push(x);
    out.edgeLabels.push(edge);
  };
  if (n.kind === "domain") {
    const rows = await search({ query: n.label }, cap);
    for (const r of rows) {
      if (r.rrtype === "A" || r.rrtype === "AAAA") add("ip", r.rdata, r.rrtype);
      else if (r.rrtype === "NS") add("ns", host(r.rdata), "NS");
      else if (r.rrtype === "MX") add("mx", host(r.rdata), "MX");
      else if (r.rrtype === "CNAME") add("domain", host(r.rdata), "CNAME");
    }
    // The latest stored registration, if any (404 when none is stored).
    const reg = (
      await api<{ record: RegistrationRecordView }>(
        `/registration/${encodeURIComponent(n.label)}`,
      ).catch(() => undefined)
    )?.record;
    if (reg?.registrar.name) add("registrar", reg.registrar.name, "registrar");
    const holder = reg?.contacts.find((c) => c.role === "registrant");
    const org = holder?.organization ?? holder?.name;
    if (org) add("org", org, "registrant");
  } else if (n.kind === "ip") {
    const f = await api<IpFacts>(
      `/ips/${encodeURIComponent(n.label)}?limit=${Math.min(cap, 1000)}`,
    );
    for (const x of f.names) add("domain", x.name, x.type);
  } else if (n.kind === "ns" || n.kind === "mx") {
    const rrtype = n.kind === "ns" ? "NS" : "MX";
    const rows = await search({ query: n.label, rdata: "true", rrtype }, cap);
    for (const r of rows) add("domain", r.rrname.replace(/\.$/, ""), rrtype);
  } else if (n.kind === "registrar" || n.kind === "org") {
    const party = n.kind === "org" ? "registrant" : "registrar";
    const q = new URLSearchParams({ party, name: n.label, limit: String(Math.min(1000, cap)) });
    const page = await api<PartyKeys>(`/registrations?${q}`);
    for (const key of page.keys) add("domain", key, party);
  }
  return out;
}
