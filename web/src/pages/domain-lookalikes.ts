import { api } from "../api.js";
import { h } from "../dom.js";
import { domainHref } from "../links.js";
import { loaded } from "../parts/status.js";
import type { Lookalikes } from "../types.js";

// Lookalikes of a domain: the names the generator makes of it, and for each whether
// passive DNS has seen it and whether a registration is stored: the ones that exist
// come first.

export function lookalikesTab(name: string): HTMLElement {
  return loaded(api<Lookalikes>(`/lookalikes/${encodeURIComponent(name)}?limit=500`), (l) => {
    const rows = [...l.candidates].sort(
      (a, b) => Number(!!b.seen || b.registered) - Number(!!a.seen || a.registered),
    );
    const live = rows.filter((c) => c.seen || c.registered).length;
    return [
      h(
        "p",
        { class: "muted" },
        `${rows.length} generated; ${live} seen in passive DNS or registered.`,
      ),
      h(
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
          ...rows.map((c) =>
            h(
              "tr",
              { class: c.seen || c.registered ? "disagree" : "" },
              h(
                "td",
                { class: "data" },
                c.seen || c.registered ? h("a", { href: domainHref(c.name) }, c.name) : c.name,
              ),
              h("td", null, c.fuzzer),
              h(
                "td",
                null,
                c.seen
                  ? `${c.seen.count}× (last ${new Date(c.seen.lastSeen * 1000).toISOString().slice(0, 10)})`
                  : "—",
              ),
              h("td", null, c.registered ? "yes" : "—"),
            ),
          ),
        ),
      ),
    ];
  });
}
