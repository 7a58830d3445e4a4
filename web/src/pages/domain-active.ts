import { api } from "../api.js";
import { h } from "../dom.js";
import { loaded } from "../parts/status.js";
import type { AuthoritativeView } from "../types.js";

// Active DNS now: each authoritative server of the zone asked directly, its answers
// side by side, one column per server; a row every server does not give is marked,
// as is a server that failed to answer (lame, silent, refused).

function typeTable(v: AuthoritativeView["results"][number]): HTMLElement {
  const servers = v.answers.map((a) => a.server);
  const values = [...new Set(v.answers.flatMap((a) => a.rdata))].sort();
  const has = v.answers.map((a) => new Set(a.rdata));
  return h(
    "section",
    { class: v.consistent ? "" : "disagree" },
    h(
      "h3",
      null,
      `${v.type} `,
      h(
        "span",
        { class: v.consistent ? "muted" : "error" },
        v.consistent ? "all servers agree" : "servers disagree",
      ),
    ),
    h(
      "table",
      { "aria-label": `${v.type} answers by server` },
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          h("th", { scope: "col" }, "Answer"),
          ...servers.map((s) => h("th", { scope: "col", class: "data" }, s)),
        ),
        h(
          "tr",
          null,
          h("th", { scope: "row" }, "Status"),
          ...v.answers.map((a) =>
            h("td", { class: a.status === "NOERROR" ? "" : "error" }, a.status),
          ),
        ),
      ),
      h(
        "tbody",
        null,
        ...(values.length === 0
          ? [h("tr", null, h("td", { colspan: servers.length + 1, class: "muted" }, "No records."))]
          : values.map((val) => {
              const everywhere = has.every((s) => s.has(val));
              return h(
                "tr",
                { class: everywhere ? "" : "disagree" },
                h(
                  "td",
                  { class: "data" },
                  val,
                  everywhere ? "" : h("span", { class: "badge sev-high" }, " differs"),
                ),
                ...has.map((s) => h("td", null, s.has(val) ? "✓" : "—")),
              );
            })),
      ),
    ),
  );
}

export function activeTab(name: string): HTMLElement {
  return loaded(api<AuthoritativeView>(`/lookup/${encodeURIComponent(name)}/authoritative`), (v) =>
    v.results.length === 0 ? h("p", { class: "muted" }, "No answer.") : v.results.map(typeTable),
  );
}
