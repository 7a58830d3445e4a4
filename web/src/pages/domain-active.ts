import { api } from "../api.js";
import { h } from "../dom.js";
import { loaded } from "../parts/status.js";
import type { AuthoritativeView } from "../types.js";

// Active DNS now: each authoritative server of the zone asked directly (GET
// /lookup/{name}/authoritative), its answers side by side, one column per server
// address; a record not every server gives is marked, as is a server with issues
// (lame, silent, not authoritative).

type Report = AuthoritativeView["reports"][number];

function typeTable(r: Report): HTMLElement {
  const values = [...new Set(r.answers.flatMap((a) => a.answers.map((x) => x.data)))].sort();
  const has = r.answers.map((a) => new Set(a.answers.map((x) => x.data)));
  return h(
    "section",
    null,
    h(
      "h3",
      null,
      `${r.type} in ${r.zone} `,
      h(
        "span",
        { class: r.consistent ? "muted" : "error" },
        r.consistent ? "every server agrees" : "servers disagree or fail",
      ),
    ),
    h(
      "table",
      { "aria-label": `${r.type} answers by server` },
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          h("th", { scope: "col" }, "Record"),
          ...r.answers.map((a) =>
            h("th", { scope: "col", class: "data" }, `${a.nameserver} (${a.resolver})`),
          ),
        ),
        h(
          "tr",
          null,
          h("th", { scope: "row" }, "Answer"),
          ...r.answers.map((a) =>
            h(
              "td",
              { class: a.issues.length || a.disagrees ? "error" : "" },
              a.status,
              a.flags.aa ? " (aa)" : "",
              ...a.issues.map((i) => h("div", null, i)),
            ),
          ),
        ),
      ),
      h(
        "tbody",
        null,
        ...(values.length === 0
          ? [
              h(
                "tr",
                null,
                h("td", { colspan: r.answers.length + 1, class: "muted" }, "No records."),
              ),
            ]
          : values.map((v) => {
              const everywhere = has.every((s) => s.has(v));
              return h(
                "tr",
                { class: everywhere ? "" : "disagree" },
                h(
                  "td",
                  { class: "data" },
                  v,
                  everywhere ? null : h("span", { class: "badge sev-high" }, "differs"),
                ),
                ...has.map((s) => h("td", null, s.has(v) ? "✓" : "—")),
              );
            })),
      ),
    ),
  );
}

export function activeTab(name: string): HTMLElement {
  return loaded(api<AuthoritativeView>(`/lookup/${encodeURIComponent(name)}/authoritative`), (v) =>
    v.reports.length === 0 ? h("p", { class: "muted" }, "No answer.") : v.reports.map(typeTable),
  );
}
