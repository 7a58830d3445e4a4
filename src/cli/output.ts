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

  constructor(path: string | undefined, stdout: NodeJS.WritableStream) {
    this.ownsStream = path !== undefined;
    this.stream = path !== undefined ? createWriteStream(path) : stdout;
  }

  write(text: string): undefined | Promise<void> {
    this.pending += text;
    return this.pending.length < 1 << 16 ? undefined : this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending === "") return;
    const chunk = this.pending;
    this.pending = "";
    if (!this.stream.write(chunk)) await once(this.stream, "drain");
  }

  /** Flushes, and closes the file if this output opened one. */
  async close(): Promise<void> {
    await this.flush();
    if (!this.ownsStream) return;
    this.stream.end();
    await once(this.stream, "close");
  }
}
