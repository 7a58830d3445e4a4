import { chance, int, logSize, pick, type Rng } from "../rng.js";

// RDAP responses as JSON trees for the fuzzer: random members and values from the names
// RFC 9083 uses, structural edits (a member replaced, dropped, retyped, an array element
// repeated), and pruning a big response down to a small one.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export const MEMBERS = [
  "objectClassName",
  "handle",
  "ldhName",
  "unicodeName",
  "status",
  "entities",
  "roles",
  "vcardArray",
  "publicIds",
  "events",
  "eventAction",
  "eventDate",
  "nameservers",
  "ipAddresses",
  "v4",
  "v6",
  "secureDNS",
  "delegationSigned",
  "dsData",
  "keyTag",
  "algorithm",
  "digestType",
  "digest",
  "links",
  "rel",
  "href",
  "type",
  "remarks",
  "notices",
  "startAddress",
  "endAddress",
  "ipVersion",
  "cidr0_cidrs",
  "v4prefix",
  "v6prefix",
  "length",
  "startAutnum",
  "endAutnum",
  "name",
  "country",
  "parentHandle",
  "redacted",
  "prePath",
  "method",
  "port43",
  "rdapConformance",
];
export const STRINGS = [
  "domain",
  "ip network",
  "autnum",
  "entity",
  "registrar",
  "registrant",
  "administrative",
  "technical",
  "abuse",
  "registration",
  "expiration",
  "last changed",
  "2024-01-01T00:00:00Z",
  "1997-09-15T04:00:00+0200",
  "not a date",
  "client transfer prohibited",
  "active",
  "EXAMPLE.COM",
  "xn--bcher-kva.example",
  "192.0.2.0",
  "2001:db8::",
  "192.0.2.255",
  "v4",
  "related",
  "self",
  "https://rdap.example/domain/x",
  "application/rdap+json",
  "vcard",
  "fn",
  "text",
  "org",
  "adr",
  "email",
  "tel",
  "REDACTED FOR PRIVACY",
  "$.entities[?(@.roles[0]=='registrant')].vcardArray[1][?(@[0]=='fn')][3]",
  "removal",
  "emptyValue",
  "",
  "AS13335",
  "ZZ",
  "\u0000",
  "\ud800",
];

const scalar = (r: Rng): Json =>
  pick(r, [
    () => null,
    () => chance(r, 0.5),
    () => int(r, -5, 70000),
    () => pick(r, [0, -1, 1e308, 4294967296, 2 ** 53 + 1, 0.5]),
    () => pick(r, STRINGS),
    () => "x".repeat(logSize(r, 1, 500)),
  ])();

export function randomJson(r: Rng, depth: number): Json {
  if (depth <= 0 || chance(r, 0.5)) return scalar(r);
  if (chance(r, 0.5)) return Array.from({ length: int(r, 0, 4) }, () => randomJson(r, depth - 1));
  const o: Record<string, Json> = {};
  for (let n = int(r, 0, 4); n > 0; n--) o[pick(r, MEMBERS)] = randomJson(r, depth - 1);
  return o;
}

/** All containers of a tree with their paths to them, for picking one to change. */
export function containers(root: Json): (Json[] | Record<string, Json>)[] {
  const out: (Json[] | Record<string, Json>)[] = [];
  const walk = (v: Json): void => {
    if (v === null || typeof v !== "object") return;
    out.push(v);
    for (const c of Array.isArray(v) ? v : Object.values(v)) walk(c);
  };
  walk(root);
  return out;
}

/** One to four structural edits of a copy of `tree`. */
export function mutateTree(tree: Json, r: Rng): Json {
  const root = structuredClone(tree);
  const all = containers(root);
  if (all.length === 0) return randomJson(r, 3);
  for (let n = int(r, 1, 4); n > 0; n--) {
    const c = pick(r, all);
    if (Array.isArray(c)) {
      const i = int(r, 0, Math.max(0, c.length - 1));
      const op = int(r, 0, 3);
      if (op === 0 && c.length > 0) c.splice(i, 1);
      else if (op === 1 && c.length > 0)
        c.splice(i, 0, ...Array<Json>(chance(r, 0.9) ? 1 : logSize(r, 2, 2000)).fill(c[i]!));
      else if (op === 2) c[i] = randomJson(r, 2);
      else c.push(randomJson(r, 2));
    } else {
      const keys = Object.keys(c);
      const op = int(r, 0, 3);
      if (op === 0 && keys.length > 0) delete c[pick(r, keys)];
      else if (op === 1 && keys.length > 0) c[pick(r, keys)] = randomJson(r, 2);
      else if (op === 2 && keys.length > 0) {
        const k = pick(r, keys);
        c[k] = chance(r, 0.5) ? [c[k]!] : JSON.stringify(c[k]);
      } else c[pick(r, MEMBERS)] = randomJson(r, 2);
    }
  }
  return root;
}

/** A copy of `tree` with array elements dropped until its JSON is about `bytes` long. */
export function pruned(tree: Json, bytes: number, r: Rng): Json {
  const root = structuredClone(tree);
  for (let k = 0; k < 200 && JSON.stringify(root).length > bytes; k++) {
    const arrays = containers(root).filter((c): c is Json[] => Array.isArray(c) && c.length > 0);
    if (arrays.length === 0) break;
    const a = pick(r, arrays);
    a.splice(int(r, 0, a.length - 1), 1);
  }
  return root;
}
