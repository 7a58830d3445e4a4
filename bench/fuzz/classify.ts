import { isDnsightError } from "../../src/errors.js";

// Short, stable names for what a parser threw: the error counts in the report are keyed
// by kind, crashes by signature (so ten thousand inputs that hit one bug are one line).
// Numbers, quoted text and JSON in messages are blanked, since they carry the input.

export function normalise(message: string, max = 90): string {
  // Messages may quote the input (megabytes of it): blank only the start.
  const first = message.slice(0, 500).split("\n")[0] ?? "";
  return first
    .replace(/\{.*\}|\[.*\]/g, "{…}")
    .replace(/"(?:[^"\\]|\\.)*"?/g, '"…"')
    .replace(/'(?:[^'\\]|\\.)*'?/g, "'…'")
    .replace(/0x[0-9a-f]+/gi, "N")
    .replace(/\d+/g, "N")
    .replace(/fuzz\.input(?::N)?/g, "IN")
    .slice(0, max);
}

/** The kind of a clean refusal: the error code (or class) and its message, blanked. */
export function errorKind(e: unknown): string {
  if (isDnsightError(e)) {
    const cause =
      e.cause instanceof Error && !isDnsightError(e.cause) ? ` (cause ${e.cause.name})` : "";
    return `${e.code}${cause}: ${normalise(e.message, 60)}`;
  }
  if (e instanceof Error) return `${e.name}: ${normalise(e.message, 60)}`;
  return `thrown ${typeof e}`;
}

/** The first frame of a stack inside the project (src/ or bench/), as file:line. */
function firstFrame(stack: string | undefined): string {
  for (const line of (stack ?? "").split("\n").slice(1)) {
    const m = /((?:src|bench)\/[\w/.-]+):(\d+)/.exec(line);
    if (m) return `${m[1]}:${m[2]}`;
  }
  return "?";
}

/** What identifies one bug: the error class, its blanked message and where it was thrown. */
export function crashSignature(e: unknown): string {
  if (e instanceof Error && "what" in e && typeof e.what === "string")
    return `${e.name}: ${normalise(e.what, 140)}`;
  if (e instanceof Error) return `${e.name}: ${normalise(e.message)} @ ${firstFrame(e.stack)}`;
  return `thrown ${typeof e}: ${normalise(String(e))}`;
}
