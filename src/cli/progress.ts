// A one-line progress bar on a terminal's stderr: done, rate, errors, ETA; for a
// streamed input, the bytes read of its size. Silent when stderr is not a
// terminal, so pipes and logs stay clean.

export interface ProgressSource {
  done: () => number;
  /** Shown as "N errors" when given. */
  errors?: () => number;
  /** Fraction of the work done (0..1), when it can be told; by default bytes / totalBytes. */
  fraction?: () => number | undefined;
  /** Bytes of the input read so far, shown beside the total when it is known. */
  bytes?: () => number;
  /** The input's size; unknown (standard input) leaves out the percentage and ETA. */
  totalBytes?: number;
  /** What `done` counts ("rows": "1,200 rows  300 rows/s"); without it, "1,200 done  300/s". */
  unit?: string;
}

export class ProgressBar {
  private timer: NodeJS.Timeout | undefined;
  private readonly started = performance.now();
  private lastDone = 0;
  private lastAt = performance.now();
  private rate = 0;
  /** The fraction shown last: an estimate may dip, the bar never goes back. */
  private shown = 0;
  private drawn = false;

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly src: ProgressSource,
  ) {}

  start(): void {
    if (!this.out.isTTY) return;
    this.timer = setInterval(() => this.draw(), 250);
    this.timer.unref();
  }

  private fraction(): number | undefined {
    if (this.src.fraction) return this.src.fraction();
    const total = this.src.totalBytes;
    if (this.src.bytes === undefined || total === undefined) return undefined;
    return total > 0 ? Math.min(1, this.src.bytes() / total) : 1;
  }

  private draw(): void {
    const now = performance.now();
    const done = this.src.done();
    const inst = ((done - this.lastDone) * 1000) / Math.max(1, now - this.lastAt);
    this.rate = this.rate === 0 ? inst : 0.7 * this.rate + 0.3 * inst;
    this.lastDone = done;
    this.lastAt = now;
    const estimate = this.fraction();
    const frac = estimate === undefined ? undefined : (this.shown = Math.max(this.shown, estimate));
    const line = progressLine(this.src, {
      done,
      rate: this.rate,
      frac,
      elapsedS: (now - this.started) / 1000,
    });
    const columns =
      this.out.columns !== undefined && this.out.columns > 20 ? this.out.columns : 100;
    this.out.write(`\r${line.slice(0, columns - 1)}\x1b[K`);
    this.drawn = true;
  }

  /** Wipes the bar so other output on the same terminal starts on a clean line. */
  clear(): void {
    if (!this.drawn) return;
    this.out.write("\r\x1b[K");
    this.drawn = false;
  }

  /** Draws the bar again at once (after clear). */
  redraw(): void {
    if (this.timer !== undefined) this.draw();
  }

  stop(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }
}

/** The bar's text for one moment: `frac` is already kept from going back. */
export function progressLine(
  src: Pick<ProgressSource, "errors" | "bytes" | "totalBytes" | "unit">,
  at: { done: number; rate: number; frac: number | undefined; elapsedS: number },
): string {
  let bar = "";
  let eta = "";
  const { frac } = at;
  if (frac !== undefined) {
    const width = 20;
    const filled = Math.round(frac * width);
    bar = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${(frac * 100).toFixed(1)}% `;
    if (frac > 0.001) eta = ` ETA ${formatDuration((at.elapsedS / frac) * (1 - frac))}`;
  }
  const parts: string[] = [];
  if (src.bytes) {
    const read = src.bytes();
    parts.push(
      src.totalBytes === undefined
        ? formatBytes(read)
        : `${formatBytes(read)} of ${formatBytes(src.totalBytes)}`,
    );
  }
  const n = (x: number): string => Math.round(x).toLocaleString("en");
  if (src.unit === undefined) parts.push(`${n(at.done)} done`, `${n(at.rate)}/s`);
  else parts.push(`${n(at.done)} ${src.unit}`, `${n(at.rate)} ${src.unit}/s`);
  if (src.errors) parts.push(`${src.errors()} errors`);
  return `${bar}${parts.join("  ")}${eta}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  for (; v >= 1024 && i < units.length - 1; i++) v /= 1024;
  return `${v.toFixed(1)} ${units[i]}`;
}

export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return "?";
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.floor(s % 60);
  return h > 0
    ? `${h}h${String(m).padStart(2, "0")}m`
    : m > 0
      ? `${m}m${String(sec).padStart(2, "0")}s`
      : `${sec}s`;
}
