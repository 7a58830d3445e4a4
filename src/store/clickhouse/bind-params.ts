// `{name:Type}` slots, the syntax of ClickHouse's own query parameters (19.x+), filled on
// the client with checked literals so the same SQL runs on 18.16, which has none. The SQL
// text is the program's; only the values come from outside, and each must fit its type.
import { DnsightError } from "../../errors.js";
import { literal, quoteIdent, quoteString, type SqlValue } from "./sql-literal.js";

export type SqlParams = Readonly<Record<string, SqlValue>>;

const INT_RANGE: Record<string, readonly [bigint, bigint]> = {
  UInt8: [0n, 255n],
  UInt16: [0n, 65535n],
  UInt32: [0n, 4294967295n],
  UInt64: [0n, 18446744073709551615n],
  Int8: [-128n, 127n],
  Int16: [-32768n, 32767n],
  Int32: [-2147483648n, 2147483647n],
  Int64: [-9223372036854775808n, 9223372036854775807n],
};

const fail = (name: string, type: string, value: unknown): never => {
  const shown = typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : typeof value;
  throw new DnsightError(
    "INPUT",
    `clickhouse query parameter {${name}:${type}}: ${shown} is not a ${type}`,
  );
};

/** The literal for `value` in a slot of `type`, or an INPUT error saying why not. */
export function typedLiteral(name: string, type: string, value: SqlValue): string {
  const inner = /^(Array|Nullable)\((.+)\)$/.exec(type);
  if (inner) {
    if (inner[1] === "Nullable")
      return value === null ? "NULL" : typedLiteral(name, inner[2]!, value);
    if (!Array.isArray(value)) return fail(name, type, value);
    return `[${(value as readonly SqlValue[]).map((v) => typedLiteral(name, inner[2]!, v)).join(", ")}]`;
  }
  const range = INT_RANGE[type];
  if (range) {
    const v = typeof value === "boolean" && type === "UInt8" ? BigInt(value) : value;
    const n = typeof v === "bigint" ? v : Number.isSafeInteger(v) ? BigInt(v as number) : undefined;
    if (n === undefined || n < range[0] || n > range[1]) return fail(name, type, value);
    return n.toString();
  }
  switch (type) {
    case "String":
      return typeof value === "string" || value instanceof Uint8Array
        ? quoteString(value)
        : fail(name, type, value);
    case "Float32":
    case "Float64":
      return typeof value === "number" && Number.isFinite(value)
        ? literal(value)
        : fail(name, type, value);
    case "Date":
      // toDate of a literal: the column type is the same whatever the server's time zone.
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? `toDate(${quoteString(value)})`
        : fail(name, type, value);
    case "DateTime":
      // Unix seconds: toDateTime of a number is an instant, not a wall-clock reading.
      return typeof value === "number" &&
        Number.isSafeInteger(value) &&
        value >= 0 &&
        value <= 4294967295
        ? `toDateTime(${value})`
        : fail(name, type, value);
    case "Identifier":
      return typeof value === "string" ? quoteIdent(value) : fail(name, type, value);
    default:
      throw new DnsightError(
        "INTERNAL",
        `clickhouse query parameter {${name}:${type}}: unsupported type`,
      );
  }
}

// Outside quotes and comments, a slot is `{` name `:` type `}` (types nest parentheses only).
const SLOT = /\{([A-Za-z_][A-Za-z0-9_]*):([A-Za-z0-9_(), ]+)\}/y;

/**
 * `sql` with each `{name:Type}` slot replaced by the literal of `params[name]`. One pass,
 * skipping '…' strings, `…` and "…" identifiers, -- and /* *\/ comments, so a brace inside
 * them is left alone. A slot without a value, or a value without a slot, is an error.
 */
export function bindParams(sql: string, params: SqlParams = {}): string {
  const used = new Set<string>();
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    let end = i + 1;
    if (c === "'" || c === "`" || c === '"') end = quotedEnd(sql, i, c);
    else if (c === "-" && sql[i + 1] === "-") end = lineEnd(sql, i);
    else if (c === "/" && sql[i + 1] === "*")
      end = sql.indexOf("*/", i + 2) < 0 ? sql.length : sql.indexOf("*/", i + 2) + 2;
    else if (c === "{") {
      SLOT.lastIndex = i;
      const m = SLOT.exec(sql);
      if (m) {
        const [whole, name, type] = m as unknown as [string, string, string];
        if (!Object.hasOwn(params, name))
          throw new DnsightError(
            "INTERNAL",
            `clickhouse query parameter {${name}:${type}} has no value`,
          );
        used.add(name);
        out += typedLiteral(name, type.replace(/\s+/g, ""), params[name]!);
        i += whole.length;
        continue;
      }
    }
    out += sql.slice(i, end);
    i = end;
  }
  const unused = Object.keys(params).filter((k) => !used.has(k));
  if (unused.length > 0)
    throw new DnsightError(
      "INTERNAL",
      `clickhouse query parameter ${unused[0]} is not used by the query`,
    );
  return out;
}

/** Index just past the quote closing the one at `start` (backslash escapes, doubled quotes). */
function quotedEnd(sql: string, start: number, q: string): number {
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] === "\\") i++;
    else if (sql[i] === q) {
      if (sql[i + 1] !== q) return i + 1;
      i++;
    }
  }
  return sql.length;
}

function lineEnd(sql: string, start: number): number {
  const nl = sql.indexOf("\n", start);
  return nl < 0 ? sql.length : nl + 1;
}
