import fc from "fast-check";
import { readFileSync } from "node:fs";
import { withOptions } from "../target.js";
import { mutate, tokens } from "../mutate.js";
import { chance, int, logSize, mulberry32, pick, type Rng } from "../rng.js";
import { fixtureFiles, hostile, type Recipe } from "./recipe.js";

// Inputs for the RDAP target: the shared responses (meeb/whoisit, openrdap, ICANN's
// conformance tool) mutated as JSON trees (a member replaced, dropped, retyped, an array
// element repeated), RDAP-shaped trees from fast-check, bytes mutated (mostly not JSON),
// and hostile ones up to the client's 4 MiB cap: 140,000 name servers, entities nested
// ten thousand deep, a vCard of a hundred thousand properties.

const MAX = 4 << 20;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const MEMBERS = [
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
const STRINGS = [
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

function randomJson(r: Rng, depth: number): Json {
  if (depth <= 0 || chance(r, 0.5)) return scalar(r);
  if (chance(r, 0.5)) return Array.from({ length: int(r, 0, 4) }, () => randomJson(r, depth - 1));
  const o: Record<string, Json> = {};
  for (let n = int(r, 0, 4); n > 0; n--) o[pick(r, MEMBERS)] = randomJson(r, depth - 1);
  return o;
}

/** All containers of a tree with their paths to them, for picking one to change. */
function containers(root: Json): (Json[] | Record<string, Json>)[] {
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
function mutateTree(tree: Json, r: Rng): Json {
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

/** RDAP-shaped trees: an object of the three classes, entities with jCards, events. */
const rdapArbitrary = (): fc.Arbitrary<Json> => {
  const str = fc.oneof(fc.constantFrom(...STRINGS), fc.string({ maxLength: 20 }));
  const vcard = fc.tuple(
    fc.constant("vcard"),
    fc.array(
      fc.tuple(
        fc.constantFrom("version", "fn", "org", "adr", "email", "tel", "kind"),
        fc.constant({}),
        fc.constantFrom("text", "uri"),
        fc.oneof(str, fc.array(str, { maxLength: 7 })),
      ),
      { maxLength: 6 },
    ),
  );
  const { entity } = fc.letrec((tie) => ({
    entity: fc.record(
      {
        objectClassName: fc.constant("entity"),
        handle: str,
        roles: fc.array(
          fc.constantFrom("registrar", "registrant", "abuse", "technical", "administrative"),
          { maxLength: 2 },
        ),
        vcardArray: vcard,
        entities: fc.array(tie("entity"), { maxLength: 2, depthIdentifier: "e" }),
      },
      { requiredKeys: [] },
    ),
  }));
  const event = fc.record({
    eventAction: fc.constantFrom("registration", "expiration", "last changed", "x"),
    eventDate: str,
  });
  return fc.record(
    {
      objectClassName: fc.constantFrom("domain", "ip network", "autnum", "entity", "nameserver"),
      ldhName: str,
      handle: str,
      status: fc.array(str, { maxLength: 4 }),
      entities: fc.array(entity, { maxLength: 3 }),
      events: fc.array(event, { maxLength: 3 }),
      nameservers: fc.array(
        fc.record({
          ldhName: str,
          ipAddresses: fc.record({
            v4: fc.array(fc.ipV4(), { maxLength: 2 }),
            v6: fc.array(fc.ipV6(), { maxLength: 2 }),
          }),
        }),
        { maxLength: 4 },
      ),
      secureDNS: fc.record({
        delegationSigned: fc.boolean(),
        dsData: fc.array(
          fc.record({
            keyTag: fc.nat(65535),
            algorithm: fc.nat(255),
            digestType: fc.nat(255),
            digest: fc.string({ unit: fc.constantFrom(..."0123456789ABCDEF"), maxLength: 40 }),
          }),
          { maxLength: 2 },
        ),
      }),
      startAddress: fc.oneof(fc.ipV4(), fc.ipV6()),
      endAddress: fc.oneof(fc.ipV4(), fc.ipV6()),
      ipVersion: fc.constantFrom("v4", "v6"),
      startAutnum: fc.nat(),
      endAutnum: fc.nat(),
      links: fc.array(
        fc.record({
          rel: fc.constantFrom("related", "self"),
          href: fc.webUrl(),
          type: fc.constantFrom("application/rdap+json", "text/html"),
        }),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<Json>;
};

/** `depth` levels of `make` around `leaf`; deeper than JSON.stringify can go, see deepText. */
const nest = (depth: number, make: (inner: Json) => Json, leaf: Json): Json => {
  let v = leaf;
  for (let i = 0; i < Math.min(depth, 2000); i++) v = make(v);
  return v;
};

/** Hostile trees, by count or depth `n`. */
const HOSTILE: Readonly<Record<string, (n: number) => Json>> = {
  "distinct name servers": (n) => ({
    objectClassName: "domain",
    ldhName: "x.com",
    nameservers: Array.from({ length: n }, (_, i) => ({ ldhName: `ns${i}.example.com` })),
  }),
  "repeated name servers": (n) => ({
    objectClassName: "domain",
    nameservers: Array<Json>(n).fill({ ldhName: "ns.example.com" }),
  }),
  "nested entities": (n) => ({
    objectClassName: "domain",
    entities: [nest(n, (e) => ({ roles: ["registrant"], entities: [e] }), { roles: ["abuse"] })],
  }),
  "many entities": (n) => ({
    objectClassName: "domain",
    entities: Array<Json>(n).fill({
      roles: ["registrant", "technical"],
      vcardArray: ["vcard", [["fn", {}, "text", "x"]]],
    }),
  }),
  "long vcard": (n) => ({
    objectClassName: "domain",
    entities: [
      {
        roles: ["registrant"],
        vcardArray: [
          "vcard",
          Array<Json>(n).fill(["adr", {}, "text", ["", "", "a", "b", "c", "d", "e"]]),
        ],
      },
    ],
  }),
  "many statuses": (n) => ({
    objectClassName: "domain",
    status: Array<Json>(n).fill("client transfer prohibited"),
  }),
  "many events": (n) => ({
    objectClassName: "domain",
    events: Array<Json>(n).fill({ eventAction: "registration", eventDate: "2024-01-01T00:00:00Z" }),
  }),
  "many DS records": (n) => ({
    objectClassName: "domain",
    secureDNS: {
      dsData: Array<Json>(n).fill({ keyTag: 1, algorithm: 8, digestType: 2, digest: "AB CD" }),
    },
  }),
  "many redactions": (n) => ({
    objectClassName: "domain",
    redacted: Array<Json>(n).fill({
      name: { type: "Registrant Name" },
      prePath: "$.x",
      method: "removal",
    }),
  }),
  "many links": (n) => ({
    objectClassName: "domain",
    links: Array<Json>(n).fill({
      rel: "related",
      href: "https://x/domain/y",
      type: "application/rdap+json",
    }),
  }),
  "many cidr0 prefixes": (n) => ({
    objectClassName: "ip network",
    startAddress: "0.0.0.0",
    endAddress: "255.255.255.255",
    cidr0_cidrs: Array<Json>(n).fill({ v4prefix: "10.0.0.0", length: 8 }),
  }),
  "v6 network of entities": (n) => ({
    objectClassName: "ip network",
    startAddress: "::",
    endAddress: "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe",
    entities: Array<Json>(Math.min(n, 1000)).fill({ roles: ["abuse"] }),
  }),
  "long ldhName": (n) => ({ objectClassName: "domain", ldhName: "a".repeat(n * 8) }),
  "ldhName of dots": (n) => ({ objectClassName: "domain", ldhName: "a.".repeat(n) }),
  "nested remarks": (n) => ({ objectClassName: "domain", remarks: nest(n, (v) => [v], "x") }),
  "nested vcardArray": (n) => ({
    objectClassName: "domain",
    entities: [{ vcardArray: nest(n, (v) => [v], "vcard") }],
  }),
  "long vcard values": (n) => ({
    objectClassName: "domain",
    entities: [
      {
        roles: ["registrant"],
        vcardArray: [
          "vcard",
          [
            ["fn", {}, "text", " ".repeat(n * 8)],
            ["email", {}, "text", "@".repeat(n * 8)],
          ],
        ],
      },
    ],
  }),
};

/** Nesting as text, as deep as the 4 MiB cap allows (JSON.stringify would recurse). */
const DEEP: Readonly<Record<string, (n: number) => string>> = {
  "deep arrays": (n) => `{"objectClassName":"domain","remarks":${"[".repeat(n)}${"]".repeat(n)}}`,
  "deep entities": (n) =>
    `{"objectClassName":"domain","entities":[${'{"roles":["registrant"],"entities":['.repeat(n)}${"]}".repeat(n)}]}`,
  "deep vcard": (n) =>
    `{"objectClassName":"domain","entities":[{"roles":["registrant"],"vcardArray":["vcard",${"[".repeat(n)}${"]".repeat(n)}]}]}`,
};

/** A copy of `tree` with array elements dropped until its JSON is about `bytes` long. */
function pruned(tree: Json, bytes: number, r: Rng): Json {
  const root = structuredClone(tree);
  for (let k = 0; k < 200 && JSON.stringify(root).length > bytes; k++) {
    const arrays = containers(root).filter((c): c is Json[] => Array.isArray(c) && c.length > 0);
    if (arrays.length === 0) break;
    const a = pick(r, arrays);
    a.splice(int(r, 0, a.length - 1), 1);
  }
  return root;
}

export async function rdapRecipes(seed: number): Promise<Recipe[]> {
  const files = fixtureFiles("rdap");
  const whole = files.map((p) => JSON.parse(readFileSync(p, "utf8")) as Json);
  // Small copies of the fixtures to mutate: parsing is linear in size, and many small
  // inputs reach more paths per second than a few big ones.
  const fixtures = Array.from({ length: 600 }, (_, i) => {
    const r = mulberry32(seed ^ i);
    return pruned(pick(r, whole), logSize(r, 200, 2000), r);
  });
  const raw = files.map((p) => readFileSync(p));
  const generated = fc.sample(rdapArbitrary(), { seed, numRuns: 300 });
  const trees = [...fixtures, ...generated];
  const options = (r: Rng): object =>
    pick(r, [
      {},
      { expect: "domain" },
      { expect: "ip network" },
      { expect: "autnum" },
      { name: "example.com" },
      { name: "192.0.2.1" },
      { name: "AS13335" },
      { expect: "domain", name: "GOOGLE.COM" },
    ]);
  const json = (v: Json): Buffer => Buffer.from(JSON.stringify(v));
  return [
    {
      name: "fixture tree mutated",
      weight: 45,
      make: (r) => withOptions(options(r), json(mutateTree(pick(r, fixtures), r))),
    },
    {
      name: "generated tree mutated",
      weight: 30,
      make: (r) => withOptions(options(r), json(mutateTree(pick(r, trees), r))),
    },
    {
      name: "generated tree",
      weight: 10,
      make: (r) => withOptions(options(r), json(pick(r, generated))),
    },
    {
      name: "bytes mutated",
      weight: 10,
      make: (r) =>
        withOptions(
          options(r),
          mutate(pick(r, raw), r, {
            dictionary: tokens(
              "{",
              "}",
              "[",
              "]",
              ",",
              ":",
              '"',
              "null",
              "1e999",
              '"\\u0000"',
              '"entities":',
              '"vcardArray":',
            ),
            others: raw,
            max: MAX,
          }),
        ),
    },
    ...hostile(HOSTILE, 0.15, (shape, r) =>
      withOptions(options(r), json(shape(logSize(r, 100, 140_000))).subarray(0, MAX)),
    ),
    ...hostile(DEEP, 0.05, (shape, r) =>
      withOptions(options(r), Buffer.from(shape(logSize(r, 100, 100_000))).subarray(0, MAX)),
    ),
  ];
}
