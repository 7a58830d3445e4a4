// The status and message an API client gets for each kind of library error: its own
// mistakes in full, a missing store part as 501 naming the backend, a store failure
// as 503 without the file's path, anything else a bare 500.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { detailOf, HttpError, messageOf, statusOf } from "../../../src/api/http.js";
import { DnsightError } from "../../../src/errors.js";
import { requirePart } from "../../../src/store/require-part.js";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";

describe("API error statuses", () => {
  it("maps each error code", async () => {
    const store = await openSqliteStore(":memory:");
    let unsupported: unknown;
    try {
      requirePart({ ...store, backend: "sqlite+keys-only", alerts: undefined }, "alerts");
    } catch (e) {
      unsupported = e;
    } finally {
      await store.close();
    }
    const cases: [unknown, number, string, string | undefined][] = [
      [
        new DnsightError("INPUT", 'unknown record type "XX"'),
        400,
        'unknown record type "XX"',
        undefined,
      ],
      [new HttpError(404, "no such endpoint"), 404, "no such endpoint", undefined],
      [unsupported, 501, "the sqlite+keys-only store does not keep alerts", undefined],
      [
        new DnsightError("STORE", "database /srv/d.db is locked"),
        503,
        "the store is not available; try again later",
        "database /srv/d.db is locked",
      ],
      [new Error("boom at /srv/x"), 500, "internal error", "boom at /srv/x"],
    ];
    for (const [e, status, message, detail] of cases) {
      assert.equal(statusOf(e), status, String(e));
      assert.equal(messageOf(e), message);
      assert.equal(detailOf(e), detail);
    }
  });
});
