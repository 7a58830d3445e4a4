// What `resolve` does with a names file that is not one: a binary file stops at
// once with one line and a non-zero exit, text that is not UTF-8 too, raw control
// bytes never reach the terminal, and a line megabytes long costs linear time.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cli } from "../helpers/cli.js";
import { startKnot, type KnotServer } from "../helpers/knot.js";
import { makeTmpDir } from "../helpers/tmp.js";

const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/;

describe("resolve: input that is not a list of names", () => {
  let knot: KnotServer;
  const tmp = makeTmpDir("input");
  const file = (name: string, data: string | Buffer): string => {
    const p = join(tmp.path, name);
    writeFileSync(p, data);
    return p;
  };
  before(async () => {
    knot = await startKnot({
      zones: [
        {
          origin: "example.test",
          text: "@ 300 SOA a b 1 1 1 1 1\n@ 300 NS a\nwww 300 A 192.0.2.1\n",
        },
      ],
    });
  });
  after(async () => {
    await knot.stop();
    tmp.remove();
  });
  const resolve = (path: string) =>
    cli(["resolve", path, "--server", `127.0.0.1:${knot.port}`, "--no-store"]);

  it("a binary file (NUL bytes) stops with one line and exit 1", async () => {
    const bin = Buffer.alloc(4096);
    bin.write("\x7fELF\x02\x01\x01", 0, "latin1");
    const r = await resolve(file("names.bin", bin));
    assert.equal(r.status, 1);
    assert.equal(
      r.stderr,
      `dnsight: ${join(tmp.path, "names.bin")} is not a text file of names: a NUL byte at byte 7\n`,
    );
    assert.equal(r.stdout, "");
  });

  it("text that is not UTF-8 beyond a few lines stops too", async () => {
    const latin1 = Buffer.from(
      ["www.example.test", ...Array.from({ length: 10 }, (_, i) => `caf\xe9${i}.test`)].join("\n"),
      "latin1",
    );
    const r = await resolve(file("latin1.txt", latin1));
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /latin1\.txt is not UTF-8 text: line 5 is the 4th with bytes that are not UTF-8/,
    );
    assert.doesNotMatch(r.stderr, CONTROL);
  });

  it("control bytes in a name are refused and shown escaped, the other names resolve", async () => {
    const r = await resolve(file("ctl.txt", "www.example.test\na\x01\x1b[2Jb.example.test\n"));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^www\.example\.test\.\t300\tIN\tA\t192\.0\.2\.1$/m);
    assert.match(
      r.stderr,
      /ctl\.txt line 2: "a\\x01\\x1b\[2Jb\.example\.test" holds control characters/,
    );
    assert.doesNotMatch(r.stderr + r.stdout, CONTROL);
  });

  it("a 16 MiB line with no newline is cut short, linearly", async () => {
    const long = file("long.txt", `www.example.test\n${"a".repeat(16 << 20)}\nwww.example.test\n`);
    const started = performance.now();
    const r = await resolve(long);
    const took = performance.now() - started;
    assert.equal(r.status, 0, r.stderr);
    assert.ok(took < 3000, `took ${Math.round(took)} ms`);
    assert.match(r.stderr, /long\.txt line 2: /);
    assert.equal(r.stdout.split("\n").filter((l) => l.startsWith("www.example.test.")).length, 2);
  });
});
