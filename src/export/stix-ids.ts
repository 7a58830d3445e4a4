import { createHash } from "node:crypto";

// STIX 2.1 identifiers (§2.9): `type--UUID`. Cyber-observables take a UUIDv5 in the
// STIX namespace over the canonical JSON of their id-contributing properties, so
// every producer names the same domain the same way; dnsight's own objects take a
// UUIDv5 in a dnsight namespace over a stable name, so a re-export keeps its ids.

export const STIX_SCO_NAMESPACE = "00abedb4-aa42-466c-9c01-fed23315a9b7";
/** UUIDv5("dnsight", DNS namespace): the namespace of dnsight's own STIX objects. */
export const DNSIGHT_NAMESPACE = uuidv5("dnsight", "6ba7b810-9dad-11d1-80b4-00c04fd430c8");

export function uuidv5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  const h = createHash("sha1").update(ns).update(name, "utf8").digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** RFC 8785 canonical JSON for the flat objects used here: keys sorted, no spaces. */
function canonical(o: Record<string, string>): string {
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(o[k])}`)
    .join(",")}}`;
}

/** The deterministic id of an SCO whose id-contributing property is `value`. */
export function scoId(type: "domain-name" | "ipv4-addr" | "ipv6-addr", value: string): string {
  return `${type}--${uuidv5(canonical({ value }), STIX_SCO_NAMESPACE)}`;
}

export function ownId(type: string, name: string): string {
  return `${type}--${uuidv5(name, DNSIGHT_NAMESPACE)}`;
}
