import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  clickhouseCode,
  isInStreamError,
  serverError,
  serverMessageLine,
} from "../../../src/store/clickhouse/server-error.js";

// Texts as 18.16 sends them (captured from the Debian package) and as current releases do.
const SYNTAX_18 =
  "Code: 62, e.displayText() = DB::Exception: Syntax error: failed at position 1: SELEC 1. Expected one of: SELECT, e.what() = DB::Exception\n";
const SHARD_DOWN_18 =
  "Code: 279, e.displayText() = DB::NetException: All connection tries failed. Log: \n\n" +
  "Code: 32, e.displayText() = DB::Exception: Attempt to read after eof, e.what() = DB::Exception\n" +
  "Code: 210, e.displayText() = DB::NetException: Connection refused (127.0.0.1:21891), e.what() = DB::NetException\n" +
  "Code: 210, e.displayText() = DB::NetException: Connection refused (127.0.0.1:21891), e.what() = DB::NetException\n\n" +
  ", e.what() = DB::NetException\n";
const SYNTAX_NEW =
  "Code: 62. DB::Exception: Syntax error: failed at position 1 ('SELEC'): SELEC 1. Expected one of: SELECT. (SYNTAX_ERROR) (version 23.8.2.7 (official build))\n";

describe("ClickHouse server messages", () => {
  it("unwraps 18.16's message into one line", () => {
    assert.equal(
      serverMessageLine(SYNTAX_18),
      "Code: 62, DB::Exception: Syntax error: failed at position 1: SELEC 1. Expected one of: SELECT",
    );
    assert.equal(serverMessageLine(SYNTAX_NEW), SYNTAX_NEW.trim());
  });

  it("keeps the lines that name a shard that is down, once each", () => {
    assert.equal(
      serverMessageLine(SHARD_DOWN_18),
      "Code: 279, DB::NetException: All connection tries failed. Log:; " +
        "Code: 32, DB::Exception: Attempt to read after eof; " +
        "Code: 210, DB::NetException: Connection refused (127.0.0.1:21891)",
    );
  });

  it("caps the line and strips control characters a quoted query may carry", () => {
    const line = serverMessageLine(
      `Code: 62, e.displayText() = DB::Exception: x\x1b[31m\r${"y".repeat(5000)}`,
    );
    assert.ok(line.length <= 401, String(line.length));
    assert.doesNotMatch(line, /[\u0000-\u001f]/);
    assert.equal(serverMessageLine(""), "(empty reply)");
  });

  it("names the server and keeps ClickHouse's code in the cause", () => {
    const err = serverError("127.0.0.1:8123", SYNTAX_18, 400);
    assert.equal(err.code, "STORE");
    assert.match(
      err.message,
      /^clickhouse 127\.0\.0\.1:8123: Code: 62, DB::Exception: Syntax error/,
    );
    assert.equal(clickhouseCode(err), 62);
    assert.match(
      serverError("h:1", "<html>bad gateway</html>", 502).message,
      /^clickhouse h:1: HTTP 502: <html>/,
    );
    assert.equal(clickhouseCode(new Error("x")), undefined);
  });

  it("recognises an error line inside a streamed result, in both formats", () => {
    assert.ok(isInStreamError(SYNTAX_18));
    assert.ok(isInStreamError(SYNTAX_NEW));
    assert.ok(!isInStreamError('{"s":"Code: 62, looks like an error"}'));
  });
});
