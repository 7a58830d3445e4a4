// Long and odd names for the lookalike matcher and generator: megabyte "labels"
// from a feed, runs of the ASCII glyphs (0, 1, rn, vv) it rewrites, thousands of
// labels and hyphens, distinct CJK code points (Punycode costs length x distinct),
// and the longest label homoglyphs can multiply (dnstwist's rounds grow with the
// fourth power of its length).
import assert from "node:assert/strict";
import { fill, hostile, MiB, type HostileCase } from "../../helpers/hostile.js";
import { generateCapped } from "../../../src/lookalike/generate.js";
import { BrandMatcher } from "../../../src/lookalike/match.js";
import { skeleton } from "../../../src/lookalike/skeleton.js";
import { toAsciiDomain } from "../../../src/lookalike/punycode.js";

const BRANDS = ["paypal.com", "google.com", "microsoft.com", "wikipedia.org", "amazon.co.uk"];

const match = (name: () => string) =>
  hostile({
    build: () => ({ m: new BrandMatcher(BRANDS), name: name() }),
    run: ({ m, name: n }: { m: BrandMatcher; name: string }) => m.match(n),
  });

/** generate on `input`; a refusal is an answer too (returned as its message). */
const gen = (
  input: () => string,
  check?: (r: ReturnType<typeof generateCapped> | string) => void,
  max?: number,
) =>
  hostile({
    build: input,
    run: (s: string) => {
      try {
        return generateCapped(s, max === undefined ? {} : { max });
      } catch (e) {
        return (e as Error).message;
      }
    },
    ...(check ? { check } : {}),
  });

const refused = (r: unknown) => {
  assert.equal(typeof r, "string");
  assert.ok((r as string).length < 200, "the refusal names the input briefly");
};

const cjk = (n: number): string =>
  Array.from({ length: n }, (_, i) => String.fromCodePoint(0x4e00 + (i % 20_000))).join("");

export const CASES: Record<string, HostileCase> = {
  "match: a 1 MiB label": match(() => `${fill("a", MiB)}.com`),
  "match: a 1 MiB label of '0' (digit glyphs)": match(() => `${fill("0", MiB)}.com`),
  "match: a 1 MiB label of 'rn' (letter-pair glyphs)": match(() => `${fill("rn", MiB)}.com`),
  "match: a 1 MiB label of Cyrillic 'а'": match(() => `${fill("а", MiB / 2)}.com`),
  "match: a 1 MiB xn-- label": match(() => `xn--${fill("a", MiB)}.com`),
  "match: 500,000 labels": match(() => `${fill("a.", MiB)}com`),
  "match: 150,000 hyphenated copies of a brand": match(() => `${fill("paypal-", MiB)}x.com`),
  "match: 252 characters, the longest label text read": match(() => `${fill("paypa1", 252)}.com`),
  "match: 2,000 names of 250 characters": hostile({
    build: () => ({
      m: new BrandMatcher(BRANDS),
      names: Array.from({ length: 2_000 }, (_, i) => `${fill("rnicrosoft", 240)}${i}.com`),
    }),
    run: ({ m, names }: { m: BrandMatcher; names: string[] }) => names.map((n) => m.match(n)),
  }),
  "match: 252 characters of hyphenated brand tokens and lure words": hostile({
    build: () => ({
      m: new BrandMatcher([...BRANDS, "att.com", "ups.com", "ing.nl"]),
      name: `${fill("att-myups-paypalsecure-ing-login-", 252)}.com`,
    }),
    run: ({ m, name: n }: { m: BrandMatcher; name: string }) => m.match(n),
  }),
  "match: 2,000 names in confusable letters against 1,000 near-identical brands": hostile({
    build: () => ({
      m: new BrandMatcher(
        Array.from({ length: 1_000 }, (_, i) => `brandname${i.toString(36)}example.com`),
      ),
      names: Array.from(
        { length: 2_000 },
        (_, i) => `${new URL(`http://brаndnаme${i.toString(36)}exаmplе.com`).hostname}`,
      ),
    }),
    run: ({ m, names }: { m: BrandMatcher; names: string[] }) => names.map((n) => m.match(n)),
  }),
  "match: 40 subdomain labels, each a brand": hostile({
    build: () => ({
      m: new BrandMatcher(BRANDS),
      name: `${fill("paypal.", 240)}example.com`,
    }),
    run: ({ m, name: n }: { m: BrandMatcher; name: string }) => m.match(n),
  }),
  "matcher: a brand label of 1 MiB is refused": hostile({
    build: () => `${fill("a", MiB)}.com`,
    run: (b: string) => {
      try {
        return new BrandMatcher([b]).size;
      } catch (e) {
        return (e as Error).message;
      }
    },
    check: refused,
  }),
  "matcher: 252-letter brands": hostile({
    build: () => Array.from({ length: 4 }, (_, i) => `${fill("abcdefgh", 250)}${i}.com`),
    run: (b: string[]) => new BrandMatcher(b).size,
  }),
  "matcher: one brand under 4,000 TLDs": hostile({
    build: () => Array.from({ length: 4_000 }, (_, i) => `paypal.t${i}`),
    run: (b: string[]) => new BrandMatcher(b).match("paypa1.com").length,
    check: (hits: number) => assert.equal(hits, 4_000),
  }),
  "skeleton: 1 MiB of confusables": hostile({ build: () => fill("раураl", MiB), run: skeleton }),
  "Punycode: a 1 MiB label of distinct CJK code points": hostile({
    build: () => `${cjk(MiB / 2)}.com`,
    run: toAsciiDomain,
    check: (r: string | undefined) => assert.equal(r, undefined),
  }),
  "generate: a 1 MiB name is refused": gen(() => `${fill("a", MiB)}.com`, refused),
  "generate: 1 MiB of distinct CJK is refused": gen(() => `${cjk(MiB / 2)}.com`, refused),
  "generate: 500,000 labels are refused": gen(() => `${fill("a.", MiB)}com`, refused),
  "generate: 63 Cyrillic letters are refused (no A-label fits)": gen(
    () => `${fill("а", 63)}.com`,
    refused,
  ),
  "generate: 250 characters of labels": gen(() => `${fill("a.", 250)}com`),
  "generate: a 40-letter label stops at its cap and says so": gen(
    () => `${fill("a", 40)}.com`,
    (r) => {
      assert.ok(typeof r === "object");
      assert.equal(r.complete, false);
      assert.ok(r.candidates.length <= 5_000);
    },
    5_000,
  ),
};
