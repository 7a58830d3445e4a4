// The chain and per-link bailiwick rules (src/passive/answer-chain.ts), issue 12: an answer
// whose chain leaves the question's zone keeps the records the question's zone vouches for,
// and only records past every zone the answer names are dropped.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { observationsFromMessage } from "../../../src/passive/aggregate.js";
import { chainSteps, OUTSIDE, UNRELATED } from "../../../src/passive/answer-chain.js";
import { SkipCounter } from "../../../src/passive/source.js";
import { responseItem, rr } from "../../helpers/responses.js";

const q = (name: string) => [{ name, type: "A", class: "IN" }];
const AA = { qr: true, aa: true };

/** Kept records as "owner TYPE rdata @bailiwick", and the skip reasons. */
function keep(m: Parameters<typeof responseItem>[0], bailiwick?: string) {
  const skipped = new SkipCounter();
  const obs = observationsFromMessage(
    responseItem(m, bailiwick !== undefined ? { bailiwick } : {}),
    { skipped },
  );
  return {
    kept: obs.map(
      (o) => `${o.rrname} ${o.rrtype} ${o.rdata}${o.bailiwick ? ` @${o.bailiwick}` : ""}`,
    ),
    skipped: Object.fromEntries(skipped.reasons),
  };
}

describe("per-link bailiwick: a chain that leaves the question's zone", () => {
  it("keeps the question's CNAMEs when Knot refers the chain to a child zone (NS in authority)", () => {
    // What Knot 3 answers for www.alpha.test when web.alpha.test points into a delegated
    // sub.alpha.test: AA, the two CNAMEs, and the child's NS as a referral.
    const r = keep({
      flags: AA,
      questions: q("www.alpha.test."),
      answers: [
        rr("www.alpha.test.", "CNAME", "web.alpha.test."),
        rr("web.alpha.test.", "CNAME", "cdn.sub.alpha.test."),
      ],
      authorities: [rr("sub.alpha.test.", "NS", "ns.sub.alpha.test.")],
    });
    assert.deepEqual(r.kept, [
      "www.alpha.test. CNAME web.alpha.test.",
      "web.alpha.test. CNAME cdn.sub.alpha.test.",
    ]);
    assert.deepEqual(r.skipped, {});
  });

  it("keeps the whole chain when the server follows it into another zone it serves", () => {
    // BIND-style: question in a.test, final records and the authority NS in b.test.
    const r = keep({
      flags: AA,
      questions: q("www.a.test."),
      answers: [rr("www.a.test.", "CNAME", "cdn.b.test."), rr("cdn.b.test.", "A", "192.0.2.80")],
      authorities: [rr("b.test.", "NS", "ns.b.test.")],
    });
    assert.deepEqual(r.kept, ["www.a.test. CNAME cdn.b.test.", "cdn.b.test. A 192.0.2.80 @b.test"]);
  });

  it("keeps the question's CNAME of an NXDOMAIN whose SOA is the target's zone (RFC 6604)", () => {
    const r = keep({
      flags: AA,
      rcode: 3,
      questions: q("nx.a.test."),
      answers: [rr("nx.a.test.", "CNAME", "gone.b.test.")],
      authorities: [rr("b.test.", "SOA", "ns.b.test. h.b.test. 1 3600 900 604800 300")],
    });
    assert.deepEqual(r.kept, ["nx.a.test. CNAME gone.b.test."]);
  });

  it("files each link under the named zone that holds it, the first named when several do", () => {
    const r = keep({
      flags: AA,
      questions: q("www.a.test."),
      answers: [
        rr("www.a.test.", "CNAME", "x.b.test."),
        rr("x.b.test.", "CNAME", "y.c.test."),
        rr("y.c.test.", "A", "192.0.2.9"),
      ],
      authorities: [rr("c.test.", "NS", "ns.c.test."), rr("b.test.", "NS", "ns.b.test.")],
    });
    assert.deepEqual(r.kept, [
      "www.a.test. CNAME x.b.test.",
      "x.b.test. CNAME y.c.test. @b.test",
      "y.c.test. A 192.0.2.9 @c.test",
    ]);
  });
});

describe("per-link bailiwick: what no zone of the answer vouches for is still dropped", () => {
  it("drops the records past the last zone the authority section names", () => {
    // zone.test answers (SOA), its CNAME leads to other.test: the A record for the target
    // is nothing zone.test may speak for.
    const r = keep({
      flags: AA,
      questions: q("a.zone.test."),
      answers: [
        rr("a.zone.test.", "CNAME", "b.other.test."),
        rr("b.other.test.", "A", "198.51.100.7"),
      ],
      authorities: [rr("zone.test.", "SOA", "ns.zone.test. h.zone.test. 1 1 1 1 1")],
    });
    assert.deepEqual(r.kept, ["a.zone.test. CNAME b.other.test. @zone.test"]);
    assert.deepEqual(r.skipped, { [OUTSIDE]: 1 });
  });

  it("drops a link beyond the named zone even mid-answer (poisoning through a CNAME)", () => {
    const r = keep({
      flags: AA,
      questions: q("www.a.test."),
      answers: [
        rr("www.a.test.", "CNAME", "x.b.test."),
        rr("x.b.test.", "CNAME", "www.bank.test."),
        rr("www.bank.test.", "A", "203.0.113.66"),
      ],
      authorities: [rr("b.test.", "NS", "ns.b.test.")],
    });
    assert.deepEqual(r.kept, [
      "www.a.test. CNAME x.b.test.",
      "x.b.test. CNAME www.bank.test. @b.test",
    ]);
    assert.deepEqual(r.skipped, { [OUTSIDE]: 1 });
  });

  it("keeps nothing outside the zone a dnstap sensor knows it asked, the question's link included", () => {
    const r = keep(
      {
        questions: q("www.a.test."),
        answers: [rr("www.a.test.", "CNAME", "cdn.b.test."), rr("cdn.b.test.", "A", "192.0.2.1")],
      },
      "b.test",
    );
    assert.deepEqual(r.kept, ["cdn.b.test. A 192.0.2.1 @b.test"]);
    assert.deepEqual(r.skipped, { [OUTSIDE]: 1 });
  });

  it("still drops records off the chain, whatever the zones", () => {
    const r = keep({
      flags: AA,
      questions: q("www.a.test."),
      answers: [rr("www.a.test.", "A", "192.0.2.1"), rr("www.a.test.evil.", "A", "203.0.113.1")],
      authorities: [rr("a.test.", "NS", "ns.a.test.")],
    });
    assert.deepEqual(r.kept, ["www.a.test. A 192.0.2.1 @a.test"]);
    assert.deepEqual(r.skipped, { [UNRELATED]: 1 });
  });
});

describe("chainSteps", () => {
  it("numbers names in the order the chain reaches them, DNAME owners included", () => {
    const steps = chainSteps("x.dn.a.test.", [
      rr("x.target.a.test.", "A", "192.0.2.77"),
      rr("x.dn.a.test.", "CNAME", "x.target.a.test."),
      rr("dn.a.test.", "DNAME", "target.a.test."),
    ]);
    assert.deepEqual(
      [...steps],
      [
        ["x.dn.a.test", 0],
        ["dn.a.test", 1],
        ["x.target.a.test", 2],
      ],
    );
  });

  it("stays linear on a hostile answer: 4000 chained CNAMEs and DNAMEs", () => {
    const answers = [];
    for (let i = 0; i < 4000; i++) {
      answers.push(rr(`n${i}.a.test.`, "CNAME", `n${i + 1}.a.test.`));
      answers.push(rr(`d${i}.n${i}.a.test.`, "DNAME", "a.test."));
    }
    const start = process.hrtime.bigint();
    const steps = chainSteps("n0.a.test.", answers);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    assert.equal(steps.size, 4001);
    assert.ok(ms < 500, `${ms} ms`);
  });
});

describe("per-link bailiwick on a hostile answer", () => {
  it("costs time linear in the answer: 3000 chained names against 3000 named zones", () => {
    const answers = [];
    const authorities = [];
    for (let i = 0; i < 3000; i++) {
      answers.push(rr(`n${i}.z${i}.test.`, "CNAME", `n${i + 1}.z${i + 1}.test.`));
      authorities.push(rr(`z${i}.test.`, "NS", "ns.test."));
    }
    // Listed last link first: old main's fixpoint loop took one pass per link (4.7 s here).
    // A dnstap frame may carry a message this long (it is not bound to 64 KiB).
    answers.reverse();
    const start = process.hrtime.bigint();
    const r = keep({ flags: AA, questions: q("n0.z0.test."), answers, authorities });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    assert.equal(r.kept.length, 3000);
    assert.ok(ms < 1000, `${ms} ms`);
  });
});
