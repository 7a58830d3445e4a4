import { once } from "node:events";
import { createWriteStream } from "node:fs";

/**
 * Buffered output for bulk commands: text is gathered into 64 KiB chunks, and
 * `write` returns a promise only when the stream wants the producer to wait.
 */
export class ChunkedOutput {
  private pending = "";
  private readonly stream: NodeJS.WritableStream;
  private readonly ownsStream: boolean;

  /** Called around each write to the terminal: a progress bar steps aside. */
  around: { before(): void; after(): void } | undefined;

  constructor(
    path: string | undefined,
    stdout: NodeJS.WritableStream & { isTTY?: boolean },
    o: { append?: boolean } = {},
  ) {
    this.ownsStream = path !== undefined;
    this.stream =
      path !== undefined ? createWriteStream(path, { flags: o.append ? "a" : "w" }) : stdout;
    this.toTerminal = path === undefined && stdout.isTTY === true;
  }

  private readonly toTerminal: boolean;

  write(text: string): undefined | Promise<void> {
    this.pending += text;
    // A terminal shows results as they come; files and pipes get 64 KiB writes.
    return !this.toTerminal && this.pending.length < 1 << 16 ? undefined : this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending === "") return;
    const chunk = this.pending;
    this.pending = "";
    if (this.toTerminal) this.around?.before();
    const ok = this.stream.write(chunk);
    if (this.toTerminal) this.around?.after();
    if (!ok) await once(this.stream, "drain");
  }

  /** Flushes, and closes the file if this output opened one. */
  async close(): Promise<void> {
    await this.flush();
    if (!this.ownsStream) return;
    this.stream.end();
    await once(this.stream, "close");
  }
}
