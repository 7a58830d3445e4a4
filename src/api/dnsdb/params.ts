import type { FenceBounds } from "../../passive/time-fence.js";
import { HttpError, type Limits } from "../http.js";

// The query parameters of DNSDB API v2 lookups and summaries. `swclient` and
// `version` (dnsdbq sends them on every request) and unknown names are ignored.
// `aggr=false` asks DNSDB for one row per time slice; the store keeps only the
// aggregate, so it is accepted and the aggregate is answered.

export interface DnsdbParams {
  /** Records at most (default 10000; 0 = results_max; above results_max = results_max). */
  limit: number;
  /** Records to skip first. */
  offset: number;
  bounds: FenceBounds;
  humantime: boolean;
  /** Summarize only: stop once the summed count reaches this. */
  maxCount?: number;
}

export const DEFAULT_LIMIT = 10_000;

const TIMES: ReadonlyArray<[string, keyof FenceBounds]> = [
  ["time_first_before", "timeFirstBefore"],
  ["time_first_after", "timeFirstAfter"],
  ["time_last_before", "timeLastBefore"],
  ["time_last_after", "timeLastAfter"],
];

function integer(params: URLSearchParams, name: string, min: number): number | undefined {
  const v = params.get(name);
  if (v === null || v === "") return undefined;
  if (!/^-?\d{1,15}$/.test(v) || Number(v) < min)
    throw new HttpError(
      400,
      `${name} must be a whole number${min === 0 ? " >= 0" : min === 1 ? " >= 1" : ""}, got "${v}"`,
    );
  return Number(v);
}

function flag(params: URLSearchParams, name: string): boolean | undefined {
  const v = params.get(name);
  if (v === null || v === "") return undefined;
  if (/^(true|t|1|yes|y)$/i.test(v)) return true;
  if (/^(false|f|0|no|n)$/i.test(v)) return false;
  throw new HttpError(400, `${name} must be true or false, got "${v}"`);
}

/** Parses the parameters; HttpError 400 naming a bad one, 416 for an offset past offset_max. */
export function parseDnsdbParams(
  params: URLSearchParams,
  now: number,
  limits: Limits,
): DnsdbParams {
  const given = integer(params, "limit", 0) ?? DEFAULT_LIMIT;
  const limit = given === 0 ? limits.resultsMax : Math.min(given, limits.resultsMax);
  const offset = integer(params, "offset", 0) ?? 0;
  if (offset > limits.offsetMax)
    throw new HttpError(416, `offset ${offset} is beyond offset_max (${limits.offsetMax})`);
  const bounds: FenceBounds = {};
  for (const [name, key] of TIMES) {
    const t = integer(params, name, -Infinity);
    // DNSDB: a negative time is that many seconds before now.
    if (t !== undefined) bounds[key] = t < 0 ? Math.floor(now) + t : t;
  }
  flag(params, "aggr");
  const out: DnsdbParams = { limit, offset, bounds, humantime: flag(params, "humantime") ?? false };
  const maxCount = integer(params, "max_count", 1);
  if (maxCount !== undefined) out.maxCount = maxCount;
  return out;
}
