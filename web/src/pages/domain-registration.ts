import { api } from "../api.js";
import { h } from "../dom.js";
import { loaded } from "../parts/status.js";
import type { RegistrationDiffs } from "../types.js";

// Registration history: each stored snapshot (RDAP or WHOIS) as a point on a
// timeline, newest first, with the fields that changed since the one before.

const text = (v: unknown): string =>
  v === undefined || v === null ? "—" : typeof v === "string" ? v : JSON.stringify(v);

export function registrationTab(name: string): HTMLElement {
  return loaded(api<RegistrationDiffs>(`/registration/${encodeURIComponent(name)}/diffs`), (d) =>
    d.diffs.length === 0
      ? h("p", { class: "muted" }, "No registration snapshot is stored for this name.")
      : h(
          "ol",
          { class: "timeline-list", "aria-label": "registration snapshots" },
          ...d.diffs.map((x) =>
            h(
              "li",
              null,
              h("strong", null, x.to),
              x.from
                ? h("span", { class: "muted" }, ` (changes since ${x.from})`)
                : h("span", { class: "muted" }, " (first snapshot)"),
              x.changes.length === 0
                ? h("p", { class: "muted" }, "No field changed.")
                : h(
                    "table",
                    { "aria-label": `changes at ${x.to}` },
                    h(
                      "thead",
                      null,
                      h(
                        "tr",
                        null,
                        ...["Field", "Before", "After"].map((c) => h("th", { scope: "col" }, c)),
                      ),
                    ),
                    h(
                      "tbody",
                      null,
                      ...x.changes.map((c) =>
                        h(
                          "tr",
                          null,
                          h("td", null, c.field),
                          h("td", { class: "data" }, text(c.before)),
                          h("td", { class: "data" }, text(c.after)),
                        ),
                      ),
                    ),
                  ),
            ),
          ),
        ),
  );
}
