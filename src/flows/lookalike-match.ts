import { lookalikeSeenFinding } from "../detect/lookalike-seen.js";
import { raiseFindings } from "../detect/raise.js";
import { DnsightError } from "../errors.js";
import { feedName, isFeedDomain } from "../lookalike/feed-name.js";
import type { BrandMatcher, Hit } from "../lookalike/match.js";
import type { Alert } from "../model/alert.js";
import { SkipCounter } from "../passive/source.js";
import { readLineBatches } from "../passive/sources/lines.js";
import type { Store } from "../store/types.js";
import { AbortRace, INTERRUPTED } from "../util/abort.js";
import { ByteCount, counted } from "../util/byte-count.js";

// `lookalike match` as a library call: names streamed from a feed (one per line, or
// COF / JSON lines), each checked against the brands, the hits handed on a batch at
// a time. The CLI prints them; the API streams them.

export interface MatchProgress {
  bytesRead: number;
  /** Domain names checked so far. */
  names: number;
  hits: number;
}

export interface MatchStreamOptions {
  /** The input in messages and skip locations (default "-", standard input). */
  name?: string;
  /** Stops between two chunks of input; the summary says where (interrupted). */
  signal?: AbortSignal;
  /** The hits of a chunk of input; awaited, so a slow consumer slows the reading. */
  onHits?: (hits: readonly Hit[]) => void | Promise<void>;
  onProgress?: (p: MatchProgress) => void;
}

export interface MatchSummary extends MatchProgress {
  /** Lines that are not domain names (and lines over the 1 MiB cap). */
  badLines: number;
  /** "path:line" of the first one. */
  firstBad?: string;
  /** The number of the last line read. */
  lastLine: number;
  interrupted: boolean;
}

/** Checks every name of `input` against `matcher`'s brands. */
export async function matchStream(
  matcher: BrandMatcher,
  input: AsyncIterable<unknown>,
  o: MatchStreamOptions = {},
): Promise<MatchSummary> {
  const path = o.name ?? "-";
  const read = new ByteCount();
  const s: MatchSummary = {
    bytesRead: 0,
    names: 0,
    hits: 0,
    badLines: 0,
    lastLine: 0,
    interrupted: false,
  };
  const aborted = new AbortRace(o.signal);
  // Lines over the cap (1 MiB) are skipped, never held: no name is that long.
  const tooLong = new SkipCounter();
  const lines = readLineBatches(counted(input, read), path, { skipped: tooLong })[
    Symbol.asyncIterator
  ]();
  try {
    for (;;) {
      const next = await aborted.race(lines.next());
      if (next === INTERRUPTED) s.interrupted = true;
      if (next === INTERRUPTED || next.done) break;
      const hits: Hit[] = [];
      for (const line of next.value) {
        s.lastLine = line.number;
        const name = feedName(line.text);
        if (name === undefined) continue;
        if (!isFeedDomain(name)) {
          s.badLines++;
          s.firstBad ??= `${path}:${line.number}`;
          continue;
        }
        s.names++;
        for (const h of matcher.match(name)) hits.push(h);
      }
      s.hits += hits.length;
      s.bytesRead = read.bytes;
      if (hits.length > 0) await o.onHits?.(hits);
      o.onProgress?.({ bytesRead: s.bytesRead, names: s.names, hits: s.hits });
    }
  } catch (e) {
    throw new DnsightError(
      "INPUT",
      `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      { cause: e },
    );
  } finally {
    aborted.dispose();
    // Stopped early: the read under way is left behind, the input closed after it.
    void lines.return(undefined).catch(() => undefined);
  }
  if (tooLong.total > 0) {
    s.badLines += tooLong.total;
    s.firstBad ??= tooLong.examples[0] ?? path;
  }
  s.bytesRead = read.bytes;
  return s;
}

/** Stores each hit as a T1583.001 alert (a lookalike seen in `feed`); the new or re-opened ones. */
export function raiseLookalikeHits(
  store: Store,
  hits: readonly Hit[],
  feed: string,
): Promise<Alert[]> {
  return raiseFindings(
    store,
    hits.map((h) => lookalikeSeenFinding(h, "feed", feed)),
  );
}
