// Hostile domain WHOIS answers at the whois client's 1 MiB cap (net/whois-client.ts):
// runs of spaces, tabs, '@', '(', '.', '<' and line terminators inside one line,
// where a key/value regex or a value cleaner could rescan the run from each of its
// positions; and keys repeated until a list or a de-duplication goes quadratic.
import assert from "node:assert/strict";
import type { RegistrationRecord } from "../../../src/model/registration.js";
import { fill, hostile, MiB, padded, type HostileCase } from "../../helpers/hostile.js";
import { parseWhois } from "../../../src/registration/whois/parse.js";
import { splitAnswers } from "../../../src/registration/whois/split-answers.js";
import { referralIn } from "../../../src/registration/servers/whois-servers.js";
import { rirReferral } from "../../../src/registration/whois-number-chain.js";

const HEAD = "Domain Name: EXAMPLE.COM\nCreation Date: 1995-08-14T04:00:00Z\n";

const whois = (text: string): RegistrationRecord =>
  parseWhois(text, { server: "whois.example", domain: "example.com", fetchedAt: "2024-01-01" });

const noted = (what: string) => (r: RegistrationRecord) =>
  assert.ok(
    r.truncated?.some((t) => t.startsWith(`${what}:`)),
    `expected a truncation note for ${what}, got ${JSON.stringify(r.truncated)}`,
  );

const text = (t: () => string, check?: (r: RegistrationRecord) => void) =>
  hostile({ build: t, run: whois, ...(check ? { check } : {}) });

/** `n` lines made by `line(i)`, as many as fit in `bytes` after `head`. */
function lines(head: string, line: (i: number) => string, bytes = MiB): string {
  let out = head;
  for (let i = 0; ; i++) {
    const l = line(i);
    if (out.length + l.length > bytes) return out;
    out += l;
  }
}

export const CASES: Record<string, HostileCase> = {
  "key, spaces, then U+2028 (KV)": text(() => padded("Domain Name:", " ", "\u2028x", MiB)),
  "key, spaces, then a carriage return": text(() => padded("Domain Name:", " ", "\rx", MiB)),
  "key then dots (leaders) and no colon": text(() => padded("Domain Name", ".", "\u2028", MiB)),
  "JPRS [key], spaces, U+2028": text(() => padded("[Domain Name]", " ", "\u2028x", MiB)),
  "list letter, spaces, [key]": text(() => padded("a.", " ", "[x", MiB)),
  "SWITCH key, tabs, U+2028": text(() => padded("Registrar", "\t", "\u2028", MiB)),
  "Nominet 'on' key, spaces, digit, U+2028": text(() =>
    padded("Registered on", " ", "1\u2028", MiB),
  ),
  "a line of spaces then a word": text(() => padded("", " ", "x", MiB)),
  "a line of tabs then a key": text(() => padded("", "\t", "Domain Name: x", MiB)),
  "newlines only": text(() => fill("\n", MiB)),
  "spaces and newlines (availability phrases)": text(() => fill(" \n", MiB)),
  "status: then newlines (reserved phrase)": text(() => padded("status:", "\n", "x", MiB)),
  "one key with ':' repeated": text(() => fill("a:", MiB)),
  "a long key: 60 characters then spaces": text(() => padded("k".repeat(60), " ", ":", MiB)),
  "status: '(' repeated": text(() => padded(`${HEAD}Domain Status: `, "(", "", MiB)),
  "status: '(' then spaces": text(() => padded(`${HEAD}Domain Status: (`, " ", "x", MiB)),
  "status: 'ok' then spaces and a word": text(() =>
    padded(`${HEAD}Domain Status: ok`, " ", "x", MiB),
  ),
  "status: 'ok -' repeated": text(() => padded(`${HEAD}Domain Status: ok`, " -", "x", MiB)),
  "status: https:// repeated": text(() => padded(`${HEAD}Domain Status: `, "(https://", "", MiB)),
  "registrar: '(http://' repeated": text(() => padded(`${HEAD}Registrar: `, "(http://", "", MiB)),
  "registrar: '[tag = ' repeated": text(() => padded(`${HEAD}Registrar: `, "[tag = ", "", MiB)),
  "creation date: spaces then '<'": text(() =>
    padded("Domain Name: EXAMPLE.COM\nCreation Date: 2020-01-01", " ", "<x", MiB),
  ),
  "creation date: '(' and 'Y' (date-format remark)": text(() =>
    padded("Domain Name: EXAMPLE.COM\nCreation Date: 2020-01-01 (", "Y", "x", MiB),
  ),
  "creation date: '@' run": text(() =>
    padded("Domain Name: EXAMPLE.COM\nCreation Date: ", "@", " 2020-01-01 x", MiB),
  ),
  "creation date: spaces, 'at' missing": text(() =>
    padded("Domain Name: EXAMPLE.COM\nCreation Date: 2020-01-01", " ", "x", MiB),
  ),
  "creation date: dots and spaces": text(() =>
    padded("Domain Name: EXAMPLE.COM\nCreation Date: 2020-01-01", ". ", "x", MiB),
  ),
  "name servers: 70,000 on one line": text(
    () => lines(`${HEAD}Name Server:`, (i) => ` ns${i}.example.net`),
    noted("nameservers"),
  ),
  "name servers: 40,000 lines": text(
    () => lines(HEAD, (i) => `Name Server: ns${i}.example.net\n`),
    noted("nameservers"),
  ),
  "one name server with 70,000 addresses": text(
    () => lines(`${HEAD}Name Server: ns1.example.net`, (i) => ` 10.0.${i >> 8}.${i & 255}`),
    noted("addresses"),
  ),
  "statuses: 40,000 distinct words": text(
    () => lines(HEAD, (i) => `Domain Status: word${i}\n`),
    noted("statuses"),
  ),
  "DS records: 15,000 distinct": text(
    () => lines(HEAD, (i) => `DS Rdata: ${i} 8 2 ${"ab".repeat(16)}${i}\n`),
    noted("DS records"),
  ),
  "registrant street: 40,000 lines": text(
    () => lines(HEAD, (i) => `Registrant Street: ${i} Main St\n`),
    noted("street lines"),
  ),
  "admin-c: 40,000 references and nic-hdl objects": text(() =>
    lines(`${HEAD}\n`, (i) => `admin-c: H${i}\n\nnic-hdl: H${i}\naddress: a\n\n`),
  ),
  "blocks: 170,000 of one entry": text(() => fill("a: b\n\n", MiB), noted("blocks")),
  "one block of 90,000 entries": text(
    () => lines(HEAD, (i) => `k${i}: v\n`),
    noted("entries per block"),
  ),
  "200,000 comment lines": text(() => fill("% x\n", MiB)),
  // status-words.ts text rows, built into regexes at run time (out of eslint's sight)
  "status phrases: 'no ' repeated": text(() => fill("no ", MiB)),
  "status phrases: 'not available for ' then words": text(() =>
    padded("not available for ", "x ", "", MiB),
  ),
  "status phrases: 'please wait ' then a word": text(() => padded("please wait ", "a", "", MiB)),
  "status phrases: 'maintain at least ' then digits": text(() =>
    padded("maintain at least ", "1", "", MiB),
  ),
  "status phrases: 'too many too many' repeated": text(() => fill("too many ", MiB)),
  "status value: words and commas": text(() => padded(`${HEAD}Status: `, "a, ", "", MiB)),
  "notice paragraph of 1 MiB": text(() => padded("NOTICE: ", "x ", "", MiB)),
  "empty fields opening sections (headers), 100,000": text(() => fill("Registrant:\n", MiB)),
  "title lines and indented values": text(() => fill("Registrant\n  x\n", MiB)),
  "Server Name heads (multi-match answer)": text(() => fill("Server Name: A.EXAMPLE\n", MiB)),
  "answers: 17,000 behind '# host' headers": text(
    () => lines("", (i) => `# whois${i}.example.net\nDomain Name: example.com\nStatus: ok\n`),
    noted("answers"),
  ),
  "answers: 9,000 of dnsight's dump with one failed hop each": text(() =>
    lines("", (i) => `% w${i}.example.net (query "x")\n(failed: timeout)\nDomain Name: x\n`),
  ),
  "split answers: a header with spaces": hostile({
    build: () => padded('% a.b (query "x")', " ", "x", MiB),
    run: splitAnswers,
  }),
  "referral: newlines then no key": hostile({
    build: () => fill("\n", MiB),
    run: (t: string) => referralIn(t),
  }),
  "referral: 'refer:' then spaces": hostile({
    build: () => padded("refer:", " ", "\u2028", MiB),
    run: (t: string) => referralIn(t),
  }),
  "ARIN referral: newlines only": hostile({
    build: () => fill("\n", MiB),
    run: (t: string) => rirReferral(t),
  }),
  "ARIN referral: NetType spaces": hostile({
    build: () => padded("NetType:", " ", "\u2028", MiB),
    run: (t: string) => rirReferral(t),
  }),
};
