// Hostile RIR WHOIS answers at the whois client's 1 MiB cap (net/whois-client.ts),
// one per way a regex or a loop could go quadratic: long runs of spaces, '@', '-',
// '%', tabs and line terminators inside a line, repeated keys and objects. Timed by
// hostile-rir.test.ts in a worker.
import assert from "node:assert/strict";
import type { RegistrationRecord } from "../../../src/model/registration.js";
import { hostile, MiB, padded, fill, type HostileCase } from "../../helpers/hostile.js";
import { parseRirWhois } from "../../../src/registration/whois/rir.js";
import { mergeRirRecords } from "../../../src/registration/whois/rir-merge.js";

const NET = "inetnum:        193.0.0.0 - 193.0.7.255\nnetname:        RIPE-NCC\n";
const ARIN = "NetRange:       8.0.0.0 - 8.127.255.255\nNetName:        LVLT-ORG-8-8\n";

const rir = (text: string, key = "193.0.0.1"): RegistrationRecord =>
  parseRirWhois(text, { key, server: "whois.ripe.net", fetchedAt: "2024-01-01T00:00:00Z" });

const noted = (what: string) => (r: RegistrationRecord) =>
  assert.ok(
    r.truncated?.some((t) => t.startsWith(`${what}:`)),
    `expected a truncation note for ${what}, got ${JSON.stringify(r.truncated)}`,
  );

/** Parses `text` and checks the record came out (any status). */
const text = (t: () => string, check?: (r: RegistrationRecord) => void, key?: string) =>
  hostile({ build: t, run: (s: string) => rir(s, key), ...(check ? { check } : {}) });

export const CASES: Record<string, HostileCase> = {
  // The figure: 200,000 spaces took 30.6 s (trailing-space regex, then ATTR).
  "inetnum: followed by spaces, then a value": text(() => padded("inetnum:", " ", "x", MiB)),
  "inetnum: spaces then a carriage return": text(() => padded("inetnum:", " ", "\rx", MiB)),
  "inetnum: spaces then U+2028": text(() => padded("inetnum:", " ", "\u2028x", MiB)),
  "inetnum: tabs then a value": text(() => padded("inetnum:", "\t", "x", MiB)),
  // The figure: '@' x 200,000 took 17.9 s (ABUSE regex).
  "abuse comment with a run of '@'": text(() =>
    padded("% Abuse contact for 'x' is '", "@", "", MiB),
  ),
  "abuse comment with a run of spaces": text(() =>
    padded(`${NET}\n% Abuse contact for '`, " ", "", MiB),
  ),
  "RPSL value with spaces and no # comment (bare)": text(
    () => padded(`${NET}country:        NL`, " ", "x", MiB),
    (r) => assert.equal(r.status, "registered"),
  ),
  "RPSL value ending in a long # comment": text(
    () => padded(`${NET}country:        NL #`, "#", "", MiB),
    (r) => assert.equal(r.network?.country, "NL"),
  ),
  "range of dashes": text(() => padded("inetnum: ", "-", " x", MiB)),
  "range with spaces around the dash": text(() => padded("inetnum: 193.0.0.0", " ", "- x y", MiB)),
  "ARIN Organization with spaces before the handle": text(
    () => padded(`${ARIN}Organization:   Level 3`, " ", "(LPL-141) x", MiB),
    undefined,
    "8.8.8.8",
  ),
  "ARIN Parent with parentheses": text(
    () => padded(`${ARIN}Parent: `, "(", "", MiB),
    undefined,
    "8.8.8.8",
  ),
  "'%' and spaces, no object (throttle and not-found phrases)": text(() =>
    padded("%", " ", "x", MiB),
  ),
  "'%' lines only": text(() => fill("%\n", MiB)),
  "newlines only": text(() => fill("\n", MiB)),
  "spaces and newlines": text(() => fill(" \n", MiB)),
  "'#' then spaces": text(() => padded("#", " ", "query rate limit", MiB)),
  "one object with 100,000 continuation lines": text(
    () => padded(`${NET}remarks: a\n`, "+ b\n", "", MiB),
    noted("lines per object"),
  ),
  "continuation lines of spaces": text(() => padded(`${NET}remarks: a\n`, " \n", "", MiB)),
  "80,000 inetnum objects": text(
    () => fill("inetnum: 10.0.0.0 - 10.0.0.255\n\n", MiB),
    noted("objects"),
    "10.0.0.1",
  ),
  "one object with 90,000 admin-c lines naming a person with 40,000 lines": text(
    () => {
      const refs = Array.from({ length: 45_000 }, (_, i) => `admin-c: H${i}\n`).join("");
      const person = "\nperson: P\nnic-hdl: H1\n";
      return padded(NET + refs + person, "remarks: r\n", "", MiB);
    },
    (r) => {
      noted("lines per object")(r);
      assert.ok(r.contacts.length <= 100);
    },
  ),
  "60,000 distinct nic-hdl objects": text(
    () => NET + "admin-c: H7\n\n" + fill("person: P\nnic-hdl: H7\n\n", MiB - NET.length - 14),
  ),
  "ARIN: 40,000 NetRange sections": text(
    () => fill("NetRange: 8.0.0.0 - 8.127.255.255\n\n", MiB),
    noted("objects"),
    "8.8.8.8",
  ),
  "ARIN: 30,000 distinct POC handles": text(
    () => {
      const pocs = Array.from({ length: 40_000 }, (_, i) => `OrgAbuseHandle: A${i}\n\n`).join("");
      return (ARIN + "\n" + pocs).slice(0, MiB);
    },
    (r) => assert.ok(r.contacts.length <= 100, `${r.contacts.length} contacts`),
    "8.8.8.8",
  ),
  "ARIN: one CIDR line with 60,000 prefixes": text(
    () => padded(`${ARIN}CIDR: `, "8.0.0.0/9, ", "", MiB),
    (r) => assert.ok((r.network?.cidrs.length ?? 0) <= 256),
    "8.8.8.8",
  ),
  "30,000 abuse comments": text(() =>
    padded(NET, "% Abuse contact for 'RIPE-NCC' is 'a@b.c'\n", "", MiB),
  ),
  "created: date with spaces and '@'": text(() =>
    padded(`${NET}created: 2020-01-01`, " @", "x", MiB),
  ),
  "changed: an e-mail of '@' before the date": text(() =>
    padded(`${NET}changed: `, "@", " 20200101", MiB),
  ),
  "merge of three capped hostile records": hostile({
    build: () =>
      [1, 2, 3].map(() => rir(padded(NET, "admin-c: H1\nabuse-c: A1\ntech-c: T1\n", "", MiB))),
    run: (records: RegistrationRecord[]) => mergeRirRecords(records),
  }),
};
