// Password hashes (src/util/password.ts): scrypt with a salt per hash, parameters in
// the string, constant-time compare, and a cap so a huge password costs nothing.
import assert from "node:assert/strict";
import { scryptSync } from "node:crypto";
import { describe, it } from "node:test";
import { DnsightError } from "../../../src/errors.js";
import {
  DEFAULT_SCRYPT,
  hashPassword,
  isPasswordHash,
  MAX_PASSWORD_BYTES,
  needsRehash,
  verifyPassword,
} from "../../../src/util/password.js";

/** Cheap parameters where the test is not about cost. */
const FAST = { ln: 10, r: 8, p: 1 };

const isInput = (pattern: RegExp) => (e: unknown) =>
  e instanceof DnsightError && e.code === "INPUT" && pattern.test(e.message);

/** The fastest of three runs, in ms: the machine is shared, so one run may stall. */
const ms = async (fn: () => Promise<unknown>): Promise<number> => {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
};

describe("password hashes", () => {
  it("verifies the password and nothing else; a fresh salt every time", async () => {
    const a = await hashPassword("correct horse", FAST);
    const b = await hashPassword("correct horse", FAST);
    assert.notEqual(a, b, "salted");
    assert.match(a, /^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    assert.equal(await verifyPassword("correct horse", a), true);
    assert.equal(await verifyPassword("correct horse", b), true);
    for (const wrong of ["correct hors", "correct horse ", "Correct horse", ""])
      assert.equal(await verifyPassword(wrong, a), false, JSON.stringify(wrong));
  });

  it("is scrypt as RFC 7914 defines it, with the parameters the string names", async () => {
    const stored = await hashPassword("pleaseletmein", FAST);
    const [, , params, salt, key] = stored.split("$");
    assert.equal(params, "ln=10,r=8,p=1");
    const expected = scryptSync("pleaseletmein", Buffer.from(salt!, "base64"), 32, {
      N: 1024,
      r: 8,
      p: 1,
    });
    assert.equal(Buffer.from(key!, "base64").toString("hex"), expected.toString("hex"));
  });

  it("verifies hashes made with other parameters, and says when to hash again", async () => {
    const old = await hashPassword("an old password", FAST);
    assert.equal(await verifyPassword("an old password", old), true);
    assert.equal(needsRehash(old), true);
    const current = await hashPassword("a new password", DEFAULT_SCRYPT);
    assert.match(current, /^\$scrypt\$ln=15,r=8,p=1\$/);
    assert.equal(needsRehash(current), false);
    assert.equal(needsRehash(current, { ...DEFAULT_SCRYPT, ln: 16 }), true, "raised later");
  });

  it("treats composed and decomposed accents as one password (NFKC)", async () => {
    const stored = await hashPassword("caf\u00e9 au lait", FAST);
    assert.equal(await verifyPassword("cafe\u0301 au lait", stored), true);
  });

  it("refuses a new password too short or over the cap, by what is wrong", async () => {
    await assert.rejects(hashPassword("short", FAST), isInput(/shorter than 8 characters/));
    await assert.rejects(
      hashPassword("x".repeat(MAX_PASSWORD_BYTES + 1), FAST),
      isInput(/longer than 1024 bytes/),
    );
    // Bytes, not characters: 342 three-byte characters are 1026 bytes.
    await assert.rejects(hashPassword("€".repeat(342), FAST), isInput(/longer than 1024/));
    assert.ok(isPasswordHash(await hashPassword("x".repeat(MAX_PASSWORD_BYTES), FAST)));
  });

  it("answers a huge password at once, without hashing it", async () => {
    const stored = await hashPassword("the real one!", DEFAULT_SCRYPT);
    const normal = await ms(() => verifyPassword("a wrong one!!", stored));
    const huge = "y".repeat(10 * 1024 * 1024);
    let result: boolean | undefined;
    const t = await ms(async () => (result = await verifyPassword(huge, stored)));
    assert.equal(result, false);
    assert.ok(
      t < normal / 5,
      `10 MiB took ${t.toFixed(1)} ms, a normal check ${normal.toFixed(1)} ms`,
    );
  });

  it("costs an unknown user as much as a wrong password, and matches nothing then", async () => {
    const stored = await hashPassword("the real one!", DEFAULT_SCRYPT);
    const wrong = await ms(() => verifyPassword("a wrong one!!", stored));
    let result: boolean | undefined;
    const unknown = await ms(
      async () => (result = await verifyPassword("the real one!", undefined)),
    );
    assert.equal(result, false);
    assert.ok(
      unknown > wrong / 3,
      `unknown ${unknown.toFixed(1)} ms, wrong ${wrong.toFixed(1)} ms`,
    );
  });

  it("matches nothing against a malformed or out-of-bounds stored hash", async () => {
    const good = await hashPassword("some password", FAST);
    const bad = [
      "",
      "plaintext",
      good.replace("$scrypt$", "$argon2id$"),
      good.replace("ln=10", "ln=40"), // 2^40: refused before any memory is asked for
      good.replace("r=8", "r=99"),
      good.slice(0, -10),
    ];
    for (const stored of bad) {
      assert.equal(isPasswordHash(stored), false, stored);
      assert.equal(await verifyPassword("some password", stored), false, stored);
    }
  });
});
