// Where `user add` and `user passwd` get a password: never read from a terminal (it
// would echo), one line from a pipe, generated for an empty one.
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import type { CommandIO } from "../../../src/cli/command.js";
import { readPasswordInput } from "../../../src/cli/password-input.js";
import { Sink } from "../../helpers/cli.js";

const io = (stdin: CommandIO["stdin"]): CommandIO => ({
  stdin,
  stdout: new Sink(),
  stderr: new Sink(),
  env: {},
});

describe("password input", () => {
  it("on a terminal, generates one without reading a byte", async () => {
    let read = false;
    const tty = Object.assign(
      new Readable({
        read() {
          read = true;
          this.push("typed on the terminal\n");
        },
      }),
      { isTTY: true },
    );
    const r = await readPasswordInput(io(tty));
    assert.equal(r.generated, true);
    assert.match(r.password, /^[A-Za-z0-9_-]{24}$/);
    assert.equal(read, false);
  });

  it("takes one line from a pipe, in as many chunks as it comes", async () => {
    const r = await readPasswordInput(io(Readable.from([Buffer.from("a pass"), "word\n"])));
    assert.deepEqual(r, { password: "a password", generated: false });
  });

  it("stops reading a pipe past the cap, refusing it", async () => {
    let pushed = 0;
    const endless = new Readable({
      read() {
        pushed++;
        this.push(Buffer.alloc(512, 0x61));
      },
    });
    await assert.rejects(readPasswordInput(io(endless)), /longer than 1024 bytes/);
    assert.ok(pushed < 10, `read ${pushed} chunks`);
  });
});
