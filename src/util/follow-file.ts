// A file read as it grows (`tail -f`): a Zeek log being written, a capture tcpdump is
// still writing. Chunks come as the file has them; at its end the reader waits and
// looks again. It ends when the signal aborts (after what is there is read) or when
// the path names another file (rotated: the old one is read to its end first), so the
// caller can start on the new one as a new input.
import { open, stat } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";

export interface FollowOptions {
  signal?: AbortSignal;
  /** How often to look for more at the end, ms (default 250). */
  pollMs?: number;
  /** Where to begin, bytes (default 0). */
  from?: number;
  chunkBytes?: number;
}

export async function* followFile(path: string, o: FollowOptions = {}): AsyncGenerator<Buffer> {
  const fh = await open(path, "r");
  try {
    const ino = (await fh.stat()).ino;
    let pos = o.from ?? 0;
    const size = o.chunkBytes ?? 1 << 20;
    for (;;) {
      const buf = Buffer.allocUnsafe(size);
      const { bytesRead } = await fh.read(buf, 0, size, pos);
      if (bytesRead > 0) {
        pos += bytesRead;
        yield buf.subarray(0, bytesRead);
        continue;
      }
      if (o.signal?.aborted) return;
      // At the end: rotated away (the path is another file now, or gone) ends this one.
      const now = await stat(path).catch(() => undefined);
      if (now === undefined || now.ino !== ino) {
        const last = await fh.read(buf, 0, size, pos);
        if (last.bytesRead > 0) {
          pos += last.bytesRead;
          yield buf.subarray(0, last.bytesRead);
          continue;
        }
        return;
      }
      await sleep(o.pollMs ?? 250, undefined, { signal: o.signal }).catch(() => {});
    }
  } finally {
    await fh.close();
  }
}
