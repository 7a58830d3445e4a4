// Accuracy of the WHOIS reader per field and per corpus against values read by
// hand from the raw texts (test/data/whois-expected.json, how each was decided is
// in its `how`). Prints the table; fails below 0.95 overall or on any one corpus
// (issue 12). Every raw
// response in the shared corpora must be listed, so a new one cannot be skipped.

import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { parseWhois } from "../../../src/registration/whois/parse.js";
import { EXPECTED, score, table, total } from "./_whois-score.js";

const FLOOR = 0.95;
const SHARED = fileURLToPath(new URL("../../../../shared/fixtures/whois/", import.meta.url));

function listed(): string[] {
  const ids: string[] = [];
  for (const sub of ["noterror", "notfound"])
    for (const f of readdirSync(`${SHARED}likexian/${sub}`))
      if (!/\.(json|pre|md)$/.test(f)) ids.push(`likexian/${sub}/${f}`);
  for (const f of readdirSync(`${SHARED}python-whois/whois`)) ids.push(`python-whois/${f}`);
  for (const d of readdirSync(`${SHARED}whoisdomain`))
    if (existsSync(`${SHARED}whoisdomain/${d}/input`)) ids.push(`whoisdomain/${d}`);
  return ids;
}

describe("WHOIS reader accuracy on hand-checked values", { skip: !existsSync(SHARED) }, () => {
  it("lists every response of the shared corpora", () => {
    const missing = listed().filter((id) => !(id in EXPECTED.responses));
    assert.deepEqual(missing, []);
  });

  it(`reads at least ${FLOOR} of the fields right overall`, () => {
    const s = score((text, domain) => {
      const r = parseWhois(text, { domain });
      return {
        domain: r.domain,
        status: r.status,
        registrar: r.registrar.name,
        created: r.created,
        updated: r.updated,
        expires: r.expires,
        nameservers: r.nameservers.map((n) => n.name),
      };
    });
    for (const line of table(s)) console.log(`# ${line}`);
    if (process.env.WHOIS_ACCURACY_VERBOSE) for (const m of s.misses) console.log(`#   miss ${m}`);
    const [ok, n] = total(s);
    console.log(`# overall ${ok}/${n} = ${(ok / n).toFixed(3)} (floor ${FLOOR})`);
    assert.ok(n > 1500, `only ${n} fields compared`);
    assert.ok(ok / n >= FLOOR, `${(ok / n).toFixed(3)} < ${FLOOR}`);
    // and on each corpus alone: the whole can hide a registry family read badly
    const low = [...s.cells.keys()].flatMap((c) => {
      const [o, t] = total(s, c);
      return o / t < FLOOR ? [`${c} ${(o / t).toFixed(3)}`] : [];
    });
    assert.deepEqual(low, []);
  });
});
