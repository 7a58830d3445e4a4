// Issue 12: per-link bailiwick may only add records. On random answers (chains, DNAMEs,
// authority sections, AA or not, a dnstap zone or not) every record the rule of old main
// kept, with its bailiwick, is still kept. The old rule is restated below as it stood in
// src/passive/aggregate.ts before the change.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { decodeMessage, type ResourceRecord } from "../../../src/dns/wire/message.js";
import { observationsFromMessage } from "../../../src/passive/aggregate.js";
import { responseItem, rr } from "../../helpers/responses.js";

const key = (n: string): string => n.toLowerCase().replace(/\.$/, "") || ".";
const under = (n: string, z: string): boolean =>
  key(z) === "." || key(n) === key(z) || key(n).endsWith(`.${key(z)}`);

/** Old main's rule: chain set, then one zone (dnstap's, or the first SOA/NS owner under AA). */
function oldKept(message: Uint8Array, known?: string): string[] {
  const m = decodeMessage(Buffer.from(message));
  const q = m.questions[0];
  if (!q || m.answers.length === 0) return [];
  const zone =
    known !== undefined
      ? key(known)
      : m.flags.aa
        ? m.authorities.find((r) => r.type === "SOA" || r.type === "NS")?.name
        : undefined;
  const names = new Set([key(q.name)]);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of m.answers) {
      const owner = key(r.name);
      let target: string | undefined;
      if (r.type === "CNAME" && names.has(owner)) target = key(r.data);
      if (r.type === "DNAME" && [...names].some((n) => n !== owner && under(n, owner)))
        if (!names.has(owner)) {
          names.add(owner);
          grew = true;
        }
      if (target !== undefined && !names.has(target)) {
        names.add(target);
        grew = true;
      }
    }
  }
  return m.answers
    .filter((r) => names.has(key(r.name)) && (zone === undefined || under(r.name, zone)))
    .map((r) => `${key(r.name)} ${r.type} ${r.data} @${zone === undefined ? "" : key(zone)}`);
}

const POOL = ["a.test", "www.a.test", "web.a.test", "sub.a.test", "cdn.sub.a.test", "b.test"]
  .concat(["x.b.test", "c.test", "y.c.test", "test", "dn.a.test", "x.dn.a.test", "x.a.test"])
  .map((n) => `${n}.`);
const name = fc.constantFrom(...POOL);
const answer: fc.Arbitrary<ResourceRecord> = fc.oneof(
  fc.tuple(name, name).map(([o, t]) => rr(o, "CNAME", t)),
  fc.tuple(name, fc.integer({ min: 1, max: 254 })).map(([o, i]) => rr(o, "A", `192.0.2.${i}`)),
  fc.tuple(name, name).map(([o, t]) => rr(o, "DNAME", t)),
);
const authority: fc.Arbitrary<ResourceRecord> = fc.oneof(
  name.map((o) => rr(o, "NS", "ns.elsewhere.test.")),
  name.map((o) => rr(o, "SOA", "ns.elsewhere.test. h.elsewhere.test. 1 1 1 1 1")),
);

describe("per-link bailiwick keeps everything the old rule kept", () => {
  it("on random answers", () => {
    fc.assert(
      fc.property(
        name,
        fc.uniqueArray(answer, { maxLength: 8, selector: (r) => `${r.name} ${r.type} ${r.data}` }),
        fc.array(authority, { maxLength: 3 }),
        fc.boolean(),
        fc.option(name, { nil: undefined }),
        (qname, answers, authorities, aa, known) => {
          const item = responseItem(
            {
              flags: { qr: true, aa },
              questions: [{ name: qname, type: "A", class: "IN" }],
              answers,
              authorities,
            },
            known !== undefined ? { bailiwick: known } : {},
          );
          const now = new Set(
            observationsFromMessage(item).map(
              (o) => `${key(o.rrname)} ${o.rrtype} ${o.rdata} @${o.bailiwick ?? ""}`,
            ),
          );
          for (const k of oldKept(item.message, known)) assert.ok(now.has(k), `lost ${k}`);
        },
      ),
      { numRuns: 3000, seed: 12 },
    );
  });
});
