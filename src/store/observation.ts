import { DnsightError } from "../errors.js";
import { lowerAscii, relative, textToLabels } from "../dns/wire/name.js";
import { META_TYPES, normaliseType, typeToString } from "../dns/wire/types.js";
import type { Observation, ObservationInput } from "../model/observation.js";
import { assertObservation } from "./check.js";

// The edge of the store: collectors turn what they parsed into an Observation here,
// once; backends then only run the cheap checks of check.ts on every delta.

const fail = (where: string, what: string): never => {
  throw new DnsightError("INPUT", `${where}: ${what}`);
};

// Collectors see the same names again and again: a bounded memo of good ones.
const NAME_MEMO_MAX = 65_536;
const nameMemo = new Map<string, string>();

/** A stored name: lowercase A-label form without the trailing dot ("." for the root). */
export function normaliseName(text: string, where = "name"): string {
  const known = typeof text === "string" ? nameMemo.get(text) : undefined;
  if (known !== undefined) return known;
  const out = checkName(text, where);
  if (nameMemo.size >= NAME_MEMO_MAX) nameMemo.clear();
  nameMemo.set(text, out);
  return out;
}

function checkName(text: string, where: string): string {
  if (typeof text !== "string" || text === "") fail(where, "empty name");
  // Presentation form escapes odd bytes as \DDD (RFC 1035 §5.1); raw ones are a parse slip.
  if (/[\x00-\x20\x7f]/.test(text))
    fail(where, `unescaped space or control character in "${text}"`);
  if (/[^\x00-\x7f]/.test(text))
    fail(where, `non-ASCII name "${text}" (convert IDNs to A-labels first)`);
  try {
    textToLabels(text);
  } catch (e) {
    fail(where, e instanceof Error ? e.message : String(e));
  }
  return relative(lowerAscii(text));
}

function epochSeconds(value: unknown, where: string, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    return fail(where, `${field} must be epoch seconds, got ${String(value)}`);
  }
  return Math.floor(value);
}

function optionalText(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === "" ? undefined : value;
}

/** Validates and normalises one observation; errors name `where` and the field. */
export function normaliseObservation(input: ObservationInput, where = "observation"): Observation {
  const rrname = normaliseName(input.rrname, `${where}: rrname`);
  const rawType = input.rrtype;
  const rrtype =
    typeof rawType === "number"
      ? Number.isInteger(rawType) && rawType > 0 && rawType <= 0xffff
        ? typeToString(rawType)
        : undefined
      : normaliseType(String(rawType));
  if (rrtype === undefined || META_TYPES.has(rrtype))
    fail(where, `bad rrtype ${JSON.stringify(rawType)}`);
  if (typeof input.rdata !== "string" || input.rdata === "")
    fail(where, "rdata must be a non-empty string");
  const bw = optionalText(input.bailiwick);
  const sensorId = optionalText(input.sensorId);
  const timeFirst = epochSeconds(input.timeFirst, where, "timeFirst");
  const timeLast =
    input.timeLast === undefined ? timeFirst : epochSeconds(input.timeLast, where, "timeLast");
  const count = input.count ?? 1;
  const out: Observation = {
    rrname,
    rrtype: rrtype!,
    rdata: input.rdata,
    timeFirst,
    timeLast,
    count,
    source: input.source,
  };
  if (bw !== undefined) out.bailiwick = normaliseName(bw, `${where}: bailiwick`);
  if (sensorId !== undefined) out.sensorId = sensorId;
  assertObservation(out, where);
  return out;
}
