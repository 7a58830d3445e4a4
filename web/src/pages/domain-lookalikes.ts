import { api } from "../api.js";
import { h } from "../dom.js";
import { domainHref } from "../links.js";
import { fill } from "../parts/status.js";
import type { Lookalikes } from "../types.js";
import { isoFromSeconds } from "../../../src/util/time.js";

// Lookalikes of a domain: the names the generator makes of it, and for each whether
// passive DNS has seen it and whether a registration is stored. The ones that exist
// are shown first (GET /lookalikes/{domain}?found=true); every generated one on request.

function view(name: string, l: Lookalikes, all: boolean, toggle: () => void): HTMLElement[] {
  return [
    h(
      "p",
      { class: "muted" },
      `${l.generated} generated; ${l.found} seen in passive DNS or registered. `,
      h(
        "button",
        { type: "button", onclick: toggle },
        all ? "Show only those found" : "Show every generated name",
      ),
    ),
    l.candidates.length === 0
      ? h("p", { class: "muted" }, "None of them is seen or registered.")
      : h(
          "table",
          { "aria-label": `lookalikes of ${name}` },
          h(
            "thead",
            null,
            h(
              "tr",
              null,
              ...["Name", "How", "In passive DNS", "Registered"].map((c) =>
                h("th", { scope: "col" }, c),
              ),
            ),
          ),
          h(
            "tbody",
            null,
            ...l.candidates.map((c) => {
              const found = c.seen !== null || c.registered;
              return h(
                "tr",
                { class: found ? "disagree" : "" },
                h(
                  "td",
                  { class: "data" },
                  found ? h("a", { href: domainHref(c.name) }, c.unicode) : c.unicode,
                ),
                h("td", null, c.fuzzers.join(", ")),
                h(
                  "td",
                  null,
                  c.seen
                    ? `${c.seen.count}× (last ${isoFromSeconds(c.seen.lastSeen).slice(0, 10)})`
                    : "—",
                ),
                h("td", null, c.registered ? "yes" : "—"),
              );
            }),
          ),
        ),
    l.truncated ? h("p", { class: "muted" }, "More were generated than shown.") : h("span"),
  ];
}

export function lookalikesTab(name: string): HTMLElement {
  const box = h("div");
  const show = (all: boolean): void => {
    const q = new URLSearchParams({ limit: "500" });
    if (!all) q.set("found", "true");
    fill(box, api<Lookalikes>(`/lookalikes/${encodeURIComponent(name)}?${q}`), (l) =>
      view(name, l, all, () => show(!all)),
    );
  };
  show(false);
  return box;
}
