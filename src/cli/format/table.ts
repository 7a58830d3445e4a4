import type { CommandIO } from "../command.js";

// Tables for people: on a terminal a header row and aligned columns, colour when
// the terminal takes it (no NO_COLOR, not TERM=dumb); piped, the same rows as
// tab-separated lines without a header, which is what scripts read.

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  /** Colour a cell by its value (terminal only). */
  colour?: (value: string) => Colour | undefined;
}

export type Colour = "red" | "yellow" | "green" | "blue" | "dim" | "bold";

const SGR: Record<Colour, string> = {
  red: "31",
  yellow: "33",
  green: "32",
  blue: "34",
  dim: "2",
  bold: "1",
};

/** True when stdout is a terminal that should get colour (https://no-color.org). */
export function wantsColour(io: CommandIO): boolean {
  return io.stdout.isTTY === true && !io.env.NO_COLOR && io.env.TERM !== "dumb";
}

export function paint(text: string, colour: Colour | undefined, on: boolean): string {
  return on && colour ? `\x1b[${SGR[colour]}m${text}\x1b[0m` : text;
}

/** The rows as a table (terminal) or as tab-separated lines (piped). */
export function renderTable<T>(
  rows: readonly T[],
  columns: readonly Column<T>[],
  io: CommandIO,
): string {
  const cells = rows.map((r) => columns.map((c) => c.value(r)));
  if (io.stdout.isTTY !== true) return cells.map((c) => `${c.join("\t")}\n`).join("");
  const colour = wantsColour(io);
  // Widths count code points, so a U-label lines up as well as an A-label.
  const len = (s: string): number => [...s].length;
  const widths = columns.map((c, i) =>
    Math.max(len(c.header), ...cells.map((row) => len(row[i]!))),
  );
  const line = (values: string[], colours: (Colour | undefined)[]): string =>
    values
      .map((v, i) => {
        const last = i === values.length - 1;
        const padded = last ? v : v + " ".repeat(widths[i]! - len(v));
        return paint(padded, colours[i], colour);
      })
      .join("  ")
      .trimEnd() + "\n";
  return (
    line(
      columns.map((c) => c.header),
      columns.map(() => "bold" as const),
    ) +
    cells
      .map((row) =>
        line(
          row,
          row.map((v, i) => columns[i]!.colour?.(v)),
        ),
      )
      .join("")
  );
}

export const SEVERITY_COLOUR: Record<string, Colour> = {
  critical: "red",
  high: "red",
  medium: "yellow",
  low: "blue",
};

export const STATUS_COLOUR: Record<string, Colour> = {
  open: "bold",
  acknowledged: "yellow",
  closed: "dim",
};
