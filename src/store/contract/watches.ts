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
  /**
   * A lease on one check of one name, so that monitors sharing this store run each due
   * check once. "claimed" (the caller runs it now, alone, until `at + leaseSeconds`)
   * only while no other owner's lease is live (its end after `at`) and no run newer
   * than `claim.lastRun` is recorded (its monitor state `at`): atomic, however many
   * processes claim at once. Else "held" (another owner runs it) or "ran" (another
   * ran it since the caller read its state). An owner's own live lease is no obstacle.
   */
  claimCheck(name: string, check: string, claim: CheckClaim): Promise<ClaimOutcome>;
  /** Moves the end of `owner`'s lease to `at + leaseSeconds`; false when the lease is another's now. */
  renewCheck(
    name: string,
    check: string,
    lease: Pick<CheckClaim, "owner" | "at" | "leaseSeconds">,
  ): Promise<boolean>;
  /** Ends `owner`'s lease (after the check's result is stored); another's is left alone. */
  releaseCheck(name: string, check: string, owner: string): Promise<void>;
}

/** Who claims a check, when, and what the caller saw of it. */
export interface CheckClaim {
  /** The claiming monitor, unique per process (hostname:pid:random), at most 200 characters. */
  owner: string;
  /** Epoch seconds, the caller's clock: monitors sharing a store keep their clocks close. */
  at: number;
  /** The last run the caller read and judged due (its monitor state `at`); undefined: none. */
  lastRun: number | undefined;
  /** How long the lease lasts unless renewed: a monitor killed mid-check blocks no longer. */
  leaseSeconds: number;
}

export type ClaimOutcome = "claimed" | "held" | "ran";
