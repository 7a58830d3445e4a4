import type { ServerResponse } from "node:http";

// DNSDB's Streaming API Framing (SAF): NDJSON lines `{"cond":"begin"}`, then one
// `{"obj":RECORD}` per result, then exactly one terminal line: `succeeded`,
// `limited` (the limit cut the results) or `failed` (an error after the stream
// began), each of the last two with a `msg`. A stream without a terminal line was
// truncated. Lines are collected and written a chunk at a time, waiting for the
// socket to drain, so a slow client slows the store scan instead of filling memory.

export type SafEnd = "succeeded" | "limited" | "failed";

const CHUNK = 64 * 1024;

export class SafStream {
  private pending = "";
  private gone = false;

  constructor(private readonly res: ServerResponse) {
    res.on("close", () => {
      if (!res.writableFinished) this.gone = true;
    });
  }

  /** True when the client went away: stop producing. */
  get closed(): boolean {
    return this.gone;
  }

  begin(): void {
    this.res.writeHead(200, { "content-type": "application/x-ndjson" });
    this.pending = '{"cond":"begin"}\n';
  }

  /** Queues one result; flushes (and waits for the socket) when a chunk is full. */
  async obj(record: unknown): Promise<void> {
    this.pending += `{"obj":${JSON.stringify(record)}}\n`;
    if (this.pending.length >= CHUNK) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending === "" || this.gone) return;
    const ok = this.res.write(this.pending);
    this.pending = "";
    if (!ok) await drained(this.res);
  }

  end(cond: SafEnd, msg?: string): void {
    if (this.gone) return;
    this.res.end(
      this.pending + JSON.stringify(msg === undefined ? { cond } : { cond, msg }) + "\n",
    );
    this.pending = "";
  }
}

/** Resolves on 'drain', or on 'close' when the client leaves instead. */
export function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
