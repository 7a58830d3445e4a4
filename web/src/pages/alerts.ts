import { api, download } from "../api.js";
import { h, replace } from "../dom.js";
import { alertList } from "../parts/alert-list.js";
import { failure, fill } from "../parts/status.js";
import type { AlertPage } from "../types.js";

// The alerts dashboard: filters by technique, severity, status, time and name (kept
// in the URL, so a filtered view can be shared), the matching alerts as cards, and
// the selected ones (or, with none selected, the whole filtered view) exported as a
// STIX 2.1 bundle or CSV.

const SEVERITIES = ["info", "low", "medium", "high", "critical"];
const STATUSES = ["open", "acknowledged", "closed"];

function checks(name: string, values: string[], chosen: string[]): HTMLElement {
  return h(
    "fieldset",
    null,
    h("legend", null, name),
    ...values.map((v) =>
      h(
        "label",
        null,
        h("input", { type: "checkbox", name, value: v, checked: chosen.includes(v) }),
        ` ${v}`,
      ),
    ),
  );
}

export function alertsPage(params: URLSearchParams): HTMLElement {
  const list = (k: string): string[] => (params.get(k) ?? "").split(",").filter(Boolean);
  const filter = new URLSearchParams();
  for (const k of ["technique", "severity", "status", "since", "entity", "cursor"])
    if (params.get(k)) filter.set(k, params.get(k)!);
  const technique = h("input", {
    id: "f-technique",
    value: params.get("technique") ?? "",
    placeholder: "T1584, T1583.001",
  });
  const since = h("input", {
    id: "f-since",
    value: params.get("since") ?? "",
    placeholder: "7d or 2026-11-01",
  });
  const entity = h("input", {
    id: "f-entity",
    value: params.get("entity") ?? "",
    placeholder: "example.com",
  });
  const form = h(
    "form",
    {
      class: "filters",
      "aria-label": "alert filters",
      onsubmit: (e) => {
        e.preventDefault();
        const f = new FormData(e.target as HTMLFormElement);
        const q = new URLSearchParams();
        const set = (k: string, v: string): void => {
          if (v.trim()) q.set(k, v.trim().replace(/\s+/g, ""));
        };
        set("technique", technique.value);
        set("severity", f.getAll("severity").join(","));
        set("status", f.getAll("status").join(","));
        set("since", since.value);
        set("entity", entity.value);
        location.hash = `#/alerts?${q}`;
      },
    },
    h("label", { for: "f-technique" }, "Technique"),
    technique,
    checks("severity", SEVERITIES, list("severity")),
    checks("status", STATUSES, params.has("status") ? list("status") : []),
    h("label", { for: "f-since" }, "Since"),
    since,
    h("label", { for: "f-entity" }, "Name"),
    entity,
    h("button", { type: "submit" }, "Filter"),
  );
  const selected = new Set<string>();
  const exportError = h("div");
  const exportAs = (format: "stix" | "csv"): void => {
    const q = new URLSearchParams({ format });
    if (selected.size > 0) for (const id of selected) q.append("id", id);
    else for (const [k, v] of filter) if (k !== "cursor") q.set(k, v);
    replace(exportError);
    download(
      `/alerts/export?${q}`,
      format === "stix" ? "dnsight-alerts.stix.json" : "dnsight-alerts.csv",
    ).catch((e: unknown) => replace(exportError, failure(e)));
  };
  const results = h("div", { id: "alert-results", "aria-live": "polite" });
  fill(results, api<AlertPage>(`/alerts?${filter}`), (page) => [
    h(
      "p",
      { class: "muted" },
      `${page.alerts.length} alerts${page.limited ? ` (${page.limited})` : ""}`,
    ),
    alertList(page.alerts, (id, on) => (on ? selected.add(id) : selected.delete(id))),
    ...(page.next
      ? [
          h(
            "a",
            {
              href: `#/alerts?${new URLSearchParams({ ...Object.fromEntries(filter), cursor: page.next })}`,
            },
            "Next page",
          ),
        ]
      : []),
  ]);
  return h(
    "section",
    { "aria-labelledby": "alerts-title" },
    h("h1", { id: "alerts-title" }, "Alerts"),
    form,
    h(
      "div",
      { class: "toolbar" },
      h("button", { type: "button", onclick: () => exportAs("stix") }, "Export STIX 2.1"),
      h("button", { type: "button", onclick: () => exportAs("csv") }, "Export CSV"),
      h("span", { class: "muted" }, "the selected alerts, or all shown by the filter"),
      exportError,
    ),
    results,
  );
}
