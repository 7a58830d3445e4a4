import {
  elementScroll,
  observeElementOffset,
  observeElementRect,
  Virtualizer,
} from "@tanstack/virtual-core";
import { h, replace } from "../dom.js";
import type { Observation } from "../types.js";
import { isoFromSeconds } from "../../../src/util/time.js";

// Passive-DNS rows as a table that stays fast at tens of thousands of rows: only
// the rows in view are in the DOM (TanStack virtual-core works out which), a click on
// a column head sorts by it (aria-sort says how), and a filter box keeps the rows
// whose name, type or data hold its text.

const ROW_PX = 30;

interface Column {
  label: string;
  cell: (o: Observation) => string | number;
  /** Sorting key; text compares as text, numbers as numbers. */
  key: (o: Observation) => string | number;
  data?: boolean;
}

const COLUMNS: Column[] = [
  { label: "Name", cell: (o) => o.rrname, key: (o) => o.rrname, data: true },
  { label: "Type", cell: (o) => o.rrtype, key: (o) => o.rrtype },
  { label: "Data", cell: (o) => o.rdata, key: (o) => o.rdata, data: true },
  { label: "First seen", cell: (o) => isoFromSeconds(o.timeFirst), key: (o) => o.timeFirst },
  { label: "Last seen", cell: (o) => isoFromSeconds(o.timeLast), key: (o) => o.timeLast },
  { label: "Count", cell: (o) => o.count, key: (o) => o.count },
  { label: "Bailiwick", cell: (o) => o.bailiwick ?? "", key: (o) => o.bailiwick ?? "", data: true },
  { label: "Sensor", cell: (o) => o.sensorId ?? "", key: (o) => o.sensorId ?? "" },
];

export interface PdnsTable {
  element: HTMLElement;
  /** Replaces the rows (e.g. when another page of them arrived). */
  setRows(rows: Observation[]): void;
}

export function pdnsTable(
  label: string,
  cellLink?: (o: Observation, col: number) => string | undefined,
): PdnsTable {
  let all: Observation[] = [];
  let shown: Observation[] = [];
  let sortCol = 4;
  let descending = true;
  let filter = "";

  const scroller = h("div", {
    class: "vscroll",
    tabindex: "0",
    "aria-label": `${label}, scrollable`,
  });
  const body = h("tbody");
  const heads = COLUMNS.map((c, i) =>
    h(
      "th",
      { scope: "col" },
      h("button", { type: "button", class: "sort", onclick: () => sortBy(i) }, c.label),
    ),
  );
  const table = h(
    "table",
    { class: "virtual", "aria-label": label },
    h("thead", null, h("tr", null, ...heads)),
    body,
  );
  scroller.appendChild(table);
  const count = h("p", { class: "muted", role: "status" });
  const filterBox = h("input", {
    type: "search",
    placeholder: "filter by name, type or data",
    "aria-label": `filter ${label}`,
    oninput: (e) => {
      filter = (e.target as HTMLInputElement).value.trim().toLowerCase();
      refresh();
    },
  });

  const virtualizer = new Virtualizer<HTMLElement, HTMLTableRowElement>({
    count: 0,
    getScrollElement: () => scroller,
    estimateSize: () => ROW_PX,
    overscan: 12,
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    onChange: () => draw(),
  });

  function spacer(px: number): HTMLTableRowElement {
    const td = h("td", { colspan: COLUMNS.length });
    td.style.height = `${px}px`;
    td.style.padding = "0";
    td.style.border = "0";
    return h("tr", { "aria-hidden": "true" }, td);
  }

  function draw(): void {
    const items = virtualizer.getVirtualItems();
    const top = items[0]?.start ?? 0;
    const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
    const rows = items.map((it) => {
      const o = shown[it.index]!;
      return h(
        "tr",
        { "aria-rowindex": it.index + 2 },
        ...COLUMNS.map((c, ci) => {
          const text = String(c.cell(o));
          const href = cellLink?.(o, ci);
          return h(
            "td",
            { class: c.data ? "data clip" : "clip", title: c.data ? text : undefined },
            href ? h("a", { href }, text) : text,
          );
        }),
      );
    });
    table.setAttribute("aria-rowcount", String(shown.length + 1));
    replace(body, spacer(top), ...rows, spacer(Math.max(0, bottom)));
  }

  function sortBy(i: number): void {
    if (sortCol === i) descending = !descending;
    else {
      sortCol = i;
      descending = i >= 3 && i <= 5;
    }
    refresh();
  }

  function refresh(): void {
    const key = COLUMNS[sortCol]!.key;
    shown = filter
      ? all.filter(
          (o) =>
            o.rrname.toLowerCase().includes(filter) ||
            o.rrtype.toLowerCase() === filter ||
            o.rdata.toLowerCase().includes(filter),
        )
      : all.slice();
    shown.sort((a, b) => {
      const x = key(a);
      const y = key(b);
      const c = x < y ? -1 : x > y ? 1 : 0;
      return descending ? -c : c;
    });
    heads.forEach((th, i) =>
      th.setAttribute(
        "aria-sort",
        i === sortCol ? (descending ? "descending" : "ascending") : "none",
      ),
    );
    const rows = (n: number): string => `${n} row${n === 1 ? "" : "s"}`;
    count.textContent =
      shown.length === all.length ? rows(all.length) : `${shown.length} of ${rows(all.length)}`;
    virtualizer.setOptions({ ...virtualizer.options, count: shown.length });
    virtualizer.scrollToOffset(0);
    virtualizer.measure();
    draw();
  }

  const element = h("div", { class: "pdns-table" }, filterBox, count, scroller);
  // The virtualizer reads the scroller's size once the element is in the page.
  queueMicrotask(() => {
    virtualizer._didMount();
    virtualizer._willUpdate();
    draw();
  });
  return {
    element,
    setRows(rows) {
      all = rows;
      refresh();
    },
  };
}
