import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mergeAll, mergeObservation, observationKey } from "../../../src/store/merge.js";
import { obs, prng } from "./_helpers.js";

// merge.ts is the contract suite's oracle, so it is checked by hand here.

describe("merge rules", () => {
  it("takes min timeFirst, max timeLast, summed count, earliest source", () => {
    const a = obs({ timeFirst: 10, timeLast: 20, count: 2, source: "zone" });
    const b = obs({ timeFirst: 5, timeLast: 15, count: 3, source: "passive" });
    assert.deepEqual(
      mergeObservation(a, b),
      obs({ timeFirst: 5, timeLast: 20, count: 5, source: "passive" }),
    );
    assert.deepEqual(mergeObservation(b, a), mergeObservation(a, b));
  });

  it("breaks a timeFirst tie by the alphabetically first source, in either order", () => {
    const a = obs({ timeFirst: 5, source: "zone" });
    const b = obs({ timeFirst: 5, source: "active" });
    assert.equal(mergeObservation(a, b).source, "active");
    assert.equal(mergeObservation(b, a).source, "active");
  });

  it("keys on everything but times, count and source", () => {
    const k = observationKey(obs());
    assert.equal(observationKey(obs({ timeFirst: 1, timeLast: 2, count: 9, source: "zone" })), k);
    for (const over of [
      { rrtype: "TXT" },
      { rdata: "x" },
      { bailiwick: "com" },
      { sensorId: "s" },
      { rrname: "a.b" },
    ]) {
      assert.notEqual(observationKey(obs(over)), k, JSON.stringify(over));
    }
    // An absent bailiwick with sensor "com" is not the bailiwick "com" without a sensor.
    assert.notEqual(
      observationKey(obs({ bailiwick: "com" })),
      observationKey(obs({ sensorId: "com" })),
    );
  });

  it("is associative and commutative over random deltas", () => {
    const rand = prng(99);
    const deltas = Array.from({ length: 50 }, () => {
      const tf = Math.floor(rand() * 20);
      return obs({
        timeFirst: tf,
        timeLast: tf + Math.floor(rand() * 5),
        count: Math.floor(rand() * 4),
        source: (["passive", "active", "zone"] as const)[Math.floor(rand() * 3)]!,
      });
    });
    const forward = [...mergeAll(deltas).values()];
    const backward = [...mergeAll([...deltas].reverse()).values()];
    assert.equal(forward.length, 1);
    assert.deepEqual(backward, forward);
    assert.equal(
      forward[0]!.count,
      deltas.reduce((n, d) => n + d.count, 0),
    );
  });
});
