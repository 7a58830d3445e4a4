import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EXIT_INTERRUPTED, watchInterrupt } from "../../../src/cli/interrupt.js";
import { AbortRace, INTERRUPTED } from "../../../src/util/abort.js";

describe("Ctrl-C", () => {
  it("with once, only the first is caught: the next gets the default action (the process ends)", () => {
    const before = process.listenerCount("SIGINT");
    const beforeTerm = process.listenerCount("SIGTERM");
    const i = watchInterrupt({ once: true });
    assert.equal(process.listenerCount("SIGINT"), before + 1);
    process.emit("SIGINT", "SIGINT");
    assert.equal(i.signal.aborted, true);
    assert.equal(i.status(), EXIT_INTERRUPTED);
    assert.equal(process.listenerCount("SIGINT"), before, "no longer caught");
    assert.equal(process.listenerCount("SIGTERM"), beforeTerm);
    i.dispose(); // twice is harmless
  });

  it("an AbortRace stops a wait under way, and any wait after the abort, at once", async () => {
    const ac = new AbortController();
    const race = new AbortRace(ac.signal);
    assert.equal(await race.race(Promise.resolve(1)), 1);
    const never = new Promise<number>(() => undefined);
    const waiting = race.race(never);
    ac.abort();
    assert.equal(await waiting, INTERRUPTED);
    assert.equal(await race.race(Promise.reject(new Error("late"))), INTERRUPTED);
    race.dispose();
    // Without a signal it is the promise itself.
    assert.equal(await new AbortRace(undefined).race(Promise.resolve(2)), 2);
  });
});
