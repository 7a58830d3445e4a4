import { api, ApiError } from "../api.js";
import { h, replace } from "../dom.js";
// The same shape the API documents (src/api/v1/schemas.ts): a type only, nothing bundled.
import type { Observation } from "../../../src/model/observation.js";
// The CLI's time format; a module with no imports, bundled as it is.
import { isoFromSeconds } from "../../../src/util/time.js";

// Passive DNS search: anything the CLI's pdns takes (a name, *.name, name.*, an IP,
// a CIDR) in one box, the stored observations in a table, a page at a time.

interface SearchPage {
  rows: Observation[];
  next?: string;
}

function table(rows: Observation[]): HTMLTableElement {
  return h(
    "table",
    { "aria-label": "observations" },
    h(
      "thead",
      null,
      h(
        "tr",
        null,
        ...["Name", "Type", "Data", "First seen", "Last seen", "Count", "Bailiwick", "Sensor"].map(
          (t) => h("th", { scope: "col" }, t),
        ),
      ),
    ),
    h(
      "tbody",
      null,
      ...rows.map((o) =>
        h(
          "tr",
          null,
          h("td", { class: "data" }, o.rrname),
          h("td", null, o.rrtype),
          h("td", { class: "data" }, o.rdata),
          h("td", null, isoFromSeconds(o.timeFirst)),
          h("td", null, isoFromSeconds(o.timeLast)),
          h("td", null, o.count),
          h("td", { class: "data" }, o.bailiwick ?? ""),
          h("td", null, o.sensorId ?? ""),
        ),
      ),
    ),
  );
}

export function searchPage(query: string, cursor: string | undefined): HTMLElement {
  const box = h("input", {
    id: "search-query",
    name: "q",
    type: "search",
    value: query,
    placeholder: "example.com, *.example.com, 192.0.2.1, 192.0.2.0/24",
    "aria-label": "search passive DNS",
  });
  const results = h("div", { id: "results", "aria-live": "polite" });
  const form = h(
    "form",
    {
      class: "search",
      role: "search",
      onsubmit: (e) => {
        e.preventDefault();
        location.hash = `#/search?q=${encodeURIComponent(box.value.trim())}`;
      },
    },
    box,
    h("button", { type: "submit" }, "Search"),
  );
  if (query !== "") {
    replace(results, h("p", { class: "muted" }, "Searching…"));
    const q = new URLSearchParams({ query, limit: "100" });
    if (cursor) q.set("cursor", cursor);
    api<SearchPage>(`/pdns/search?${q}`).then(
      (page) => {
        const next = page.next;
        replace(
          results,
          page.rows.length === 0
            ? h("p", null, "Nothing stored for ", h("code", null, query), ".")
            : table(page.rows),
          next &&
            h(
              "a",
              {
                href: `#/search?q=${encodeURIComponent(query)}&cursor=${encodeURIComponent(next)}`,
              },
              "Next page",
            ),
        );
      },
      (err: unknown) =>
        replace(
          results,
          h(
            "p",
            { class: "error", role: "alert" },
            err instanceof ApiError ? err.message : String(err),
          ),
        ),
    );
  }
  return h(
    "section",
    { "aria-labelledby": "search-title" },
    h("h1", { id: "search-title" }, "Passive DNS"),
    form,
    results,
  );
}
