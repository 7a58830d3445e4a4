import uPlot from "uplot";
import { h } from "../dom.js";
import type { Timeline } from "../types.js";
import { isoFromSeconds } from "../../../src/util/time.js";

// When each answer was seen (GET /pdns/timeline): one line per answer over days or
// weeks, drawn by uPlot on a canvas, and the same numbers as a table below it for
// screen readers and for copying. Answer texts reach the chart only as series labels,
// which uPlot writes as text.

const PALETTE = ["#0b5cad", "#b42318", "#2f7d32", "#8e44ad", "#c77c02", "#00838f", "#5d4037"];

const day = (t: number): string => isoFromSeconds(t).slice(0, 10);

export function timelineChart(t: Timeline, width: number): HTMLElement {
  if (t.series.length === 0 || t.buckets.length === 0)
    return h("p", { class: "muted" }, "Nothing to draw: no answers stored in this range.");
  const label = (s: Timeline["series"][number]): string =>
    `${s.rrtype} ${s.rdata.length > 60 ? `${s.rdata.slice(0, 57)}…` : s.rdata}`;
  const chart = h("div", {
    class: "chart",
    role: "img",
    "aria-label": "timeline of answers; the table below holds the same data",
  });
  const opts: uPlot.Options = {
    width: Math.max(320, width),
    height: 260,
    scales: { x: { time: true } },
    axes: [{}, { label: `rows seen per ${t.interval}` }],
    series: [
      {},
      ...t.series.map((s, i) => ({
        label: label(s),
        stroke: PALETTE[i % PALETTE.length]!,
        width: 2,
        paths: uPlot.paths.stepped!({ align: 1 }),
      })),
    ],
  };
  const data: uPlot.AlignedData = [t.buckets, ...t.series.map((s) => s.live)];
  // Drawn once the box is in the page, so uPlot measures real fonts.
  queueMicrotask(() => new uPlot(opts, data, chart));

  const notes = [
    t.otherSeries > 0 && `${t.otherSeries} more answers not drawn (the busiest 50 are).`,
    t.clipped && "Earlier buckets were left out.",
    t.limited && `Not every row was read (limited by ${t.limited}).`,
  ].filter(Boolean) as string[];
  const table = h(
    "table",
    { "aria-label": "timeline data" },
    h(
      "thead",
      null,
      h(
        "tr",
        null,
        ...["Type", "Data", "First seen", "Last seen", "Count", `Active ${t.interval}s`].map((c) =>
          h("th", { scope: "col" }, c),
        ),
      ),
    ),
    h(
      "tbody",
      null,
      ...t.series.map((s) =>
        h(
          "tr",
          null,
          h("td", null, s.rrtype),
          h("td", { class: "data" }, s.rdata),
          h("td", null, day(s.timeFirst)),
          h("td", null, day(s.timeLast)),
          h("td", null, s.count),
          h("td", null, s.live.filter((n) => n > 0).length),
        ),
      ),
    ),
  );
  return h(
    "div",
    { class: "timeline" },
    chart,
    ...notes.map((n) => h("p", { class: "muted" }, n)),
    h("details", null, h("summary", null, "The timeline as a table"), table),
  );
}
