import fc from "fast-check";
import { readFileSync } from "node:fs";
import { withOptions } from "../target.js";
import { mutate, tokens } from "../mutate.js";
import { logSize, mulberry32, pick, type Rng } from "../rng.js";
import { rdapArbitrary } from "./rdap-arbitrary.js";
import { mutateTree, pruned, type Json } from "./rdap-tree.js";
import { fixtureFiles, hostile, type Recipe } from "./recipe.js";

// Inputs for the RDAP target: the shared responses (meeb/whoisit, openrdap, ICANN's
// conformance tool) mutated as JSON trees (a member replaced, dropped, retyped, an array
// element repeated), RDAP-shaped trees from fast-check, bytes mutated (mostly not JSON),
// and hostile ones up to the client's 4 MiB cap: 140,000 name servers, entities nested
// ten thousand deep, a vCard of a hundred thousand properties.

const MAX = 4 << 20;

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
