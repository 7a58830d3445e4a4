// Commands that only read never create a database from a typo: a --db that does
// not exist is one line naming the path, and no file appears there.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { cli } from "../../helpers/cli.js";
import { makeTmpDir } from "../../helpers/tmp.js";

describe("read-only commands and a database that is not there", () => {
  const tmp = makeTmpDir("ro");
  const typo = join(tmp.path, "dnsigth.db");
  const commands = [
    ["pdns", "example.com"],
    ["alerts"],
    ["alerts", "status", "al-00000000000000000000", "closed"],
    ["export", "cof"],
    ["watch", "list"],
    ["watch", "rm", "example.com"],
    ["apikey", "list"],
    ["apikey", "revoke", "000000000000"],
    ["registration", "history", "example.com"],
    ["user", "list"],
    ["user", "remove", "alice"],
    ["user", "set-role", "alice", "admin"],
    ["user", "passwd", "alice"],
    ["user", "disable", "alice"],
    ["user", "enable", "alice"],
    ["audit"],
  ];
  for (const argv of commands)
    it(`dnsight ${argv.join(" ")}`, async () => {
      const r = await cli([...argv, "--db", typo]);
      assert.equal(r.status, 1, r.stderr);
      assert.equal(
        r.stderr,
        `dnsight: no database at ${typo}: nothing has been stored there (check --db or $DNSIGHT_DB)\n`,
      );
      assert.equal(existsSync(typo), false, "no file was made");
    });

  it("commands that store still create it", async () => {
    assert.equal((await cli(["watch", "add", "example.com", "--db", typo])).status, 0);
    assert.ok(existsSync(typo));
    assert.equal((await cli(["watch", "list", "--db", typo])).status, 0);
  });
});
