import assert from "node:assert/strict";
import { it } from "node:test";
import { DnsightError } from "../../../src/errors.js";
import { requirePart, type StorePart } from "../../../src/store/require-part.js";
import type { StoreFactory } from "./contract.js";
import { withStore } from "./_helpers.js";

// Optional parts: asked for through requirePart, a part the store keeps is given, and
// one it does not is DnsightError "UNSUPPORTED" naming the backend, never undefined.

const PARTS: StorePart[] = [
  "alerts",
  "watches",
  "registrations",
  "outbox",
  "apiKeys",
  "users",
  "sessions",
  "audit",
];

export function partTests(f: StoreFactory): void {
  it("gives each part it keeps, and UNSUPPORTED for each it does not", () =>
    withStore(f, async (s) => {
      for (const part of PARTS) {
        if (s[part] !== undefined) assert.equal(requirePart(s, part), s[part], part);
        else
          assert.throws(
            () => requirePart(s, part),
            (e: unknown) =>
              e instanceof DnsightError &&
              e.code === "UNSUPPORTED" &&
              e.message.includes(`the ${s.backend} store does not keep`),
            part,
          );
      }
    }));
}
