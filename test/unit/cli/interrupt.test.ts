import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EXIT_INTERRUPTED, interrupted, watchInterrupt } from "../../../src/cli/interrupt.js";
import { AbortRace, INTERRUPTED } from "../../../src/util/abort.js";

type InterruptModule = typeof import("../../../src/cli/interrupt.js");

describe("Ctrl-C", () => {
  // First: the flag is process-wide and stays up once a signal came.
  it("caught by a command's copy of the module is seen by main.ts's copy (bundled apart)", async () => {
    const other = (await import(
      `../../../src/cli/interrupt.js?copy=${Date.now()}`
    )) as InterruptModule;
    assert.notEqual(other.watchInterrupt, watchInterrupt);
    assert.equal(interrupted(), false);
    const i = other.watchInterrupt();
    process.emit("SIGTERM", "SIGTERM");
    i.dispose();
    assert.equal(i.status(), 0);
    assert.equal(interrupted(), true);
    assert.equal(other.interrupted(), true);
  });

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
