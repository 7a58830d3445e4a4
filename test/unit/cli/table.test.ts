// Tables on a terminal: a header row, aligned columns, colour for severity and
// status unless NO_COLOR; piped, the tab-separated lines scripts read.
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { runCli } from "../../../src/cli/run.js";
import { alertFromFinding } from "../../../src/detect/alert.js";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";
import { Sink } from "../../helpers/cli.js";
import { makeTmpDir } from "../../helpers/tmp.js";
import { join } from "node:path";

async function run(argv: string[], tty: boolean, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const stdout = Object.assign(new Sink(), { isTTY: tty });
  const stderr = new Sink();
  await runCli(argv, { stdin: Readable.from([]), stdout, stderr, env });
  return stdout.text;
}

describe("tables", () => {
  const tmp = makeTmpDir("table");
  const db = join(tmp.path, "t.db");

  it("watch list: header and aligned columns on a terminal, tab-separated when piped", async () => {
    await run(["watch", "add", "example.com", "a-much-longer-name.example", "--db", db], false);
    await run(["watch", "add", "paypal.com", "--kind", "brand", "--db", db], false);
    const tty = (await run(["watch", "list", "--db", db], true, { NO_COLOR: "1" })).split("\n");
    assert.match(tty[0]!, /^NAME {24}KIND {3}ADDED$/);
    assert.match(tty[1]!, /^a-much-longer-name\.example {2}owned {2}\d{4}-/);
    assert.match(tty[2]!, /^example\.com {17}owned {2}\d{4}-/);
    const piped = await run(["watch", "list", "--db", db], false);
    assert.match(piped, /^a-much-longer-name\.example\towned\t\d{4}-\S+\nexample\.com\towned\t/);
    assert.doesNotMatch(piped, /NAME/);
  });

  it("alerts: severity and status in colour on a terminal, none with NO_COLOR or piped", async () => {
    const store = await openSqliteStore(db);
    await store.alerts!.upsertAlert(
      alertFromFinding(
        {
          rule: "dns.ns-changed",
          technique: "T1584.002",
          dataComponents: ["DC0103"],
          entity: "example.com",
          key: "ns.evil.test",
          severity: "high",
          confidence: 80,
          summary: "NS moved",
          evidence: [],
        },
        new Date("2026-11-22T10:00:00Z"),
      ),
    );
    await store.close();
    const colour = await run(["alerts", "--db", db], true, { TERM: "xterm" });
    assert.match(colour, /^\x1b\[1mLAST SEEN/);
    assert.match(colour, /\x1b\[31mhigh {4}\x1b\[0m/);
    const plain = await run(["alerts", "--db", db], true, { NO_COLOR: "1" });
    assert.doesNotMatch(plain, /\x1b/);
    assert.match(
      plain,
      /^LAST SEEN {13}SEVERITY {2}TECHNIQUE {2}STATUS {2}ENTITY {7}ID {23}SUMMARY\n2026-11-22T10:00:00Z {2}high {6}T1584\.002 {2}open {4}example\.com {2}al-/,
    );
    const piped = await run(["alerts", "--db", db], false, { TERM: "xterm" });
    assert.doesNotMatch(piped, /\x1b|LAST SEEN/);
  });
});
