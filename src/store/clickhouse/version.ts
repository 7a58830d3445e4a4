// ClickHouse version strings: "18.16.1" (Debian 12's package), "23.8.2.7", "24.3.1.2672".
// Release numbering is year.month since 2019; compare as numbers part by part.
import { DnsightError } from "../../errors.js";

export interface ClickHouseVersion {
  major: number;
  minor: number;
  patch: number;
  /** The text the server reported. */
  text: string;
}

/** The oldest server the store's SQL is written for (README-versions.md). */
export const OLDEST_SUPPORTED: Readonly<ClickHouseVersion> = {
  major: 18,
  minor: 16,
  patch: 1,
  text: "18.16.1",
};

export function parseVersion(text: string): ClickHouseVersion {
  // Capped first: a version string is short, and the pattern need not be proven linear.
  const m =
    text.length > 64
      ? null
      : /^(\d{1,4})\.(\d{1,4})(?:\.(\d{1,6}))?(?:\.\d{1,8})*(?:[-+.][0-9A-Za-z.+-]*)?$/.exec(
          text.trim(),
        );
  if (!m)
    throw new DnsightError(
      "STORE",
      `clickhouse: cannot read the version ${JSON.stringify(text.slice(0, 40))}`,
    );
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0), text: text.trim() };
}

/** Negative, zero or positive as `a` is older than, the same as, or newer than `b`. */
export function compareVersions(a: ClickHouseVersion, b: ClickHouseVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** True when `v` is `major.minor[.patch]` or newer. */
export const atLeast = (v: ClickHouseVersion, major: number, minor: number, patch = 0): boolean =>
  compareVersions(v, { major, minor, patch, text: "" }) >= 0;
