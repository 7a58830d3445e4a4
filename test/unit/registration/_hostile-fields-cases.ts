// The shared readers of registration values on their own, with 1 MiB values (the
// WHOIS cap; an RDAP string can be 4 MiB but reaches these through the parsers):
// dates.ts, privacy.ts, epp-status.ts, whois/status.ts, target.ts and the RIR ranges.
import assert from "node:assert/strict";
import { fill, hostile, MiB, padded, type HostileCase } from "../../helpers/hostile.js";
import { parseRegistryDate } from "../../../src/registration/dates.js";
import { detectPrivacy } from "../../../src/registration/privacy.js";
import { parseStatusText, statusFields } from "../../../src/registration/epp-status.js";
import { availability, eppCodes, stripStatus } from "../../../src/registration/whois/status.js";
import { parseTarget } from "../../../src/registration/target.js";
import { asnSpan, ipSpan } from "../../../src/registration/whois/rir-range.js";
import { toUtcIso } from "../../../src/registration/rdap/events.js";

const value = (build: () => string, run: (s: string) => unknown) => hostile({ build, run });
/** A value that must be refused with a one-line error that quotes it briefly. */
const refusal = (build: () => string, run: (s: string) => unknown) =>
  hostile({
    build,
    run,
    check: (r: unknown) => {
      assert.equal(typeof r, "string", "refused");
      assert.ok((r as string).length < 200 && !(r as string).includes("\n"), "one short line");
    },
  });
const date = (build: () => string) => value(build, (s) => parseRegistryDate(s, { tld: "cn" }));

export const CASES: Record<string, HostileCase> = {
  "date: spaces then '<'": date(() => padded("2020-01-01", " ", "<x", MiB)),
  "date: '<' run not at the end": date(() => padded("2020-01-01 ", "<", "x", MiB)),
  "date: '>' run at the start": date(() => padded("", ">", " 2020-01-01", MiB)),
  "date: '(' and date-format letters (was exponential)": date(() =>
    padded("2020-01-01 (", "Y", "x", MiB),
  ),
  "date: '(YYYY-' repeated": date(() => padded("2020-01-01 ", "(YYYY-", "", MiB)),
  "date: spaces then '#'": date(() => padded("2020-01-01", " ", "#x", MiB)),
  "date: '@' run then spaces": date(() => padded("", "@", " 2020-01-01 x", MiB)),
  "date: words with '@' then a date": date(() => padded("", "a@b ", "20200101", MiB)),
  "date: spaces then '(assigned' missing ')'": date(() =>
    padded("20200101", " ", "(assigned", MiB),
  ),
  "date: spaces without 'at'": date(() => padded("2020-01-01", " ", "x", MiB)),
  "date: ' at ' repeated": date(() => fill(" at", MiB)),
  "date: dots and spaces then a letter": date(() => padded("2020-01-01", ". ", "x", MiB)),
  "date: digits only": date(() => fill("1", MiB)),
  "date: ':' and digits (time-like)": date(() => fill("1:", MiB)),
  "date: '12:00' then spaces and a zone word": date(() =>
    padded("2020-01-01 12:00", " ", "UTC x", MiB),
  ),
  "date: 'UTC' then spaces": date(() => padded("2020-01-01 12:00 UTC", " ", "+", MiB)),
  "date: zone words repeated": date(() => padded("2020-01-01 12:00 ", "CLST ", "", MiB)),
  "date: 'st' ordinals repeated": date(() => fill("1st ", MiB)),
  "date: weekday then spaces": date(() => padded("Monday,", " ", "x", MiB)),
  "RDAP date: 1 MiB without a zone": value(
    () => padded("2020-01-01T00:00", "0", "", MiB),
    toUtcIso,
  ),
  "RDAP date: zone-like tail repeated": value(() => fill("+00:00", MiB), toUtcIso),
  "privacy: 15,000 contacts (1 MiB of WHOIS contact lines)": hostile({
    build: () =>
      Array.from({ length: 15_000 }, (_, i) => ({
        role: "registrant" as const,
        name: `Person ${i}`,
        organization: `Org ${i}`,
        email: `p${i}@example.com`,
      })),
    run: detectPrivacy,
  }),
  "privacy: 1 MiB name, organisation and e-mail": hostile({
    build: () => [
      {
        role: "registrant" as const,
        name: fill("privacy ", MiB),
        organization: fill("domains by ", MiB),
        email: fill("a@", MiB),
      },
    ],
    run: detectPrivacy,
  }),
  "privacy: 1 MiB of separators": hostile({
    build: () => [{ role: "registrant" as const, name: fill(" .-_", MiB) }],
    run: detectPrivacy,
  }),
  "EPP status: spaces then a word": value(() => padded("ok", " ", "x", MiB), parseStatusText),
  "EPP status: ' -' repeated": value(() => fill(" -x", MiB), parseStatusText),
  "EPP status: '(' repeated": value(() => fill("(", MiB), parseStatusText),
  "EPP status: URL-looking runs": value(() => fill("https://", MiB), parseStatusText),
  "EPP status line: 200,000 comma-separated values": value(
    () => fill("clientHold,", MiB),
    (s) => statusFields([s]),
  ),
  "WHOIS status: '(' then spaces": value(() => padded("(", " ", "x", MiB), stripStatus),
  "WHOIS status: '(' repeated": value(() => fill("(", MiB), eppCodes),
  "WHOIS status: '(' and ')' interleaved": value(() => fill("(a)", MiB), eppCodes),
  "availability: 'status:' then spaces and newlines": value(
    () => fill("status: \n", MiB),
    (s) => availability(s, false),
  ),
  "availability: phrase fragments repeated": value(
    () => fill("not registere", MiB),
    (s) => availability(s, false),
  ),
  "target: 1 MiB of label characters": refusal(
    () => fill("a.", MiB),
    (s) => {
      try {
        return parseTarget(s);
      } catch (e) {
        return (e as Error).message;
      }
    },
  ),
  "target: 1 MiB of digits": refusal(
    () => fill("1", MiB),
    (s) => {
      try {
        return parseTarget(s);
      } catch (e) {
        return (e as Error).message;
      }
    },
  ),
  "RIR range: spaces around many dashes": value(() => fill(" - ", MiB), ipSpan),
  "RIR range: a prefix of 1 MiB": value(() => padded("", "1.", "/24", MiB), ipSpan),
  "RIR AS range: 'AS' and spaces": value(() => padded("AS1", " ", "-AS", MiB), asnSpan),
};
