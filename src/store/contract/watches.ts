// The watchlist and the monitor's memory: small mutable state.

export type WatchKind = "owned" | "brand" | "third-party";
export const WATCH_KINDS: readonly WatchKind[] = ["owned", "brand", "third-party"];

export interface Watch {
  /** Lowercase A-label, no trailing dot. */
  name: string;
  kind: WatchKind;
  /** Epoch seconds. */
  addedAt: number;
  /**
   * For a brand: the other domains it owns (A-labels), never reported as its lookalikes
   * and imitated like it. The store always lists it (empty for most names).
   */
  owned?: string[];
}

/** The watchlist, and what the monitor remembers between passes about each name. */
export interface WatchStore {
  /**
   * Adds names, or changes the kind of one already watched; true for each new name.
   * `owned`, when given, replaces the owned domains of each name (a brand's other domains).
   */
  addWatches(
    names: readonly string[],
    kind: WatchKind,
    at: number,
    owned?: readonly string[],
  ): Promise<boolean[]>;
  /** True for each name that was watched. Its monitor state goes with it. */
  removeWatches(names: readonly string[]): Promise<boolean[]>;
  /** By name. */
  listWatches(): Promise<Watch[]>;
  /** The monitor's last result of `check` for `name` (JSON-able), and when. */
  getMonitorState(name: string, check: string): Promise<{ at: number; data: unknown } | undefined>;
  putMonitorState(name: string, check: string, at: number, data: unknown): Promise<void>;
}
