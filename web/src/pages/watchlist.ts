import { api, currentSession } from "../api.js";
import { h, replace } from "../dom.js";
import { domainHref } from "../links.js";
import { failure, fill } from "../parts/status.js";
import type { MonitorCheckResult, MonitorStatus, Watch } from "../types.js";

// The watchlist and the monitor: the watched names with their kind (a brand with
// the domains it owns), each one's last pass, next check and failures; analysts add
// and remove names and run a check now.

const canChange = (): boolean => {
  const r = currentSession()?.role;
  return r === "analyst" || r === "admin";
};

function addForm(onDone: () => void): HTMLElement {
  const names = h("input", {
    id: "w-names",
    placeholder: "example.com, example.net",
    required: true,
  });
  const kind = h(
    "select",
    { id: "w-kind" },
    h("option", { value: "owned" }, "owned"),
    h("option", { value: "brand" }, "brand"),
    h("option", { value: "third-party" }, "third party"),
  );
  const owned = h("input", { id: "w-owned", placeholder: "a brand's other domains" });
  const error = h("div");
  return h(
    "form",
    {
      class: "filters",
      "aria-label": "watch names",
      onsubmit: (e) => {
        e.preventDefault();
        const split = (s: string): string[] => s.split(/[\s,]+/).filter(Boolean);
        const body: Record<string, unknown> = { names: split(names.value), kind: kind.value };
        if (kind.value === "brand" && owned.value.trim()) body.owned = split(owned.value);
        replace(error);
        api("/watches", { method: "POST", body }).then(onDone, (err: unknown) =>
          replace(error, failure(err)),
        );
      },
    },
    h("label", { for: "w-names" }, "Names"),
    names,
    h("label", { for: "w-kind" }, "Kind"),
    kind,
    h("label", { for: "w-owned" }, "Owned domains"),
    owned,
    h("button", { type: "submit" }, "Watch"),
    error,
  );
}

export function watchlistPage(): HTMLElement {
  const body = h("div", { "aria-live": "polite" });
  const checkResult = h("div", { role: "status" });
  const reload = (): void => {
    fill(
      body,
      Promise.all([api<{ watches: Watch[] }>("/watches"), api<MonitorStatus>("/monitor")]),
      ([w, m]) => {
        const status = new Map(m.watches.map((s) => [s.name, s]));
        return [
          h("p", { class: "muted" }, `Last monitor pass: ${m.lastPass ?? "never"}`),
          w.watches.length === 0
            ? h("p", { class: "muted" }, "Nothing is watched yet.")
            : h(
                "table",
                { "aria-label": "watched names" },
                h(
                  "thead",
                  null,
                  h(
                    "tr",
                    null,
                    ...["Name", "Kind", "Owned", "Last pass", "Next check", "Failures", ""].map(
                      (c) => h("th", { scope: "col" }, c),
                    ),
                  ),
                ),
                h(
                  "tbody",
                  null,
                  ...w.watches.map((x) => {
                    const s = status.get(x.name);
                    return h(
                      "tr",
                      null,
                      h("td", { class: "data" }, h("a", { href: domainHref(x.name) }, x.name)),
                      h("td", null, x.kind),
                      h(
                        "td",
                        { class: "data" },
                        ((x.owned as string[] | undefined) ?? []).join(", "),
                      ),
                      h("td", null, s?.lastPass ?? "—"),
                      h("td", null, s?.nextCheck ?? "—"),
                      h(
                        "td",
                        null,
                        s && s.failures.length > 0
                          ? h(
                              "ul",
                              { class: "plain" },
                              ...s.failures.map((f) =>
                                h("li", { class: "error" }, `${f.check}: ${f.message} (${f.at})`),
                              ),
                            )
                          : "—",
                      ),
                      h(
                        "td",
                        null,
                        canChange()
                          ? h(
                              "button",
                              {
                                type: "button",
                                "aria-label": `Remove ${x.name} from the watchlist`,
                                onclick: () =>
                                  api(`/watches/${encodeURIComponent(x.name)}`, {
                                    method: "DELETE",
                                  }).then(reload, (e: unknown) => replace(checkResult, failure(e))),
                              },
                              "Remove",
                            )
                          : null,
                      ),
                    );
                  }),
                ),
              ),
        ];
      },
    );
  };
  const checkNow = (): void => {
    fill(
      checkResult,
      api<MonitorCheckResult>("/monitor/check", {
        method: "POST",
        body: {},
      }),
      (r) => {
        reload();
        return h(
          "p",
          null,
          `Checked ${r.checked.length} names (${r.checks} checks): ${r.alerts.length} new alerts, ${r.failures.length} failures${r.unchecked.length ? `; not reached: ${r.unchecked.join(", ")}` : ""}.`,
        );
      },
    );
  };
  reload();
  return h(
    "section",
    { "aria-labelledby": "watch-title" },
    h("h1", { id: "watch-title" }, "Watchlist and monitor"),
    canChange() ? addForm(reload) : null,
    canChange()
      ? h(
          "div",
          { class: "toolbar" },
          h("button", { type: "button", onclick: checkNow }, "Check now"),
          checkResult,
        )
      : checkResult,
    body,
  );
}
