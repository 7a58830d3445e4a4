// A one-line progress bar on a terminal's stderr: done, rate, errors, ETA.
// Silent when stderr is not a terminal, so pipes and logs stay clean.

export interface ProgressSource {
  done: () => number;
  errors: () => number;
  /** Fraction of the input consumed (0..1), when the input size is known. */
  fraction?: () => number | undefined;
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

  private draw(): void {
    const now = performance.now();
    const done = this.src.done();
    const inst = ((done - this.lastDone) * 1000) / Math.max(1, now - this.lastAt);
    this.rate = this.rate === 0 ? inst : 0.7 * this.rate + 0.3 * inst;
    this.lastDone = done;
    this.lastAt = now;
    const estimate = this.src.fraction?.();
    const frac = estimate === undefined ? undefined : (this.shown = Math.max(this.shown, estimate));
    let bar = "";
    let eta = "";
    if (frac !== undefined) {
      const width = 20;
      const filled = Math.round(frac * width);
      bar = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${(frac * 100).toFixed(1)}% `;
      const elapsed = (now - this.started) / 1000;
      if (frac > 0.001) eta = ` ETA ${formatDuration((elapsed / frac) * (1 - frac))}`;
    }
    const line = `${bar}${done.toLocaleString("en")} done  ${Math.round(this.rate).toLocaleString("en")}/s  ${this.src.errors()} errors${eta}`;
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
