import { api } from "../api.js";
import { h } from "../dom.js";
import { alertList } from "../parts/alert-list.js";
import { allRows } from "../parts/pdns-rows.js";
import { pdnsTable } from "../parts/pdns-table.js";
import { fill, loaded, orEmpty } from "../parts/status.js";
import { tabs } from "../parts/tabs.js";
import { timelineChart } from "../parts/timeline-chart.js";
import type { AlertPage, CurrentRecord, DomainSummary, Timeline } from "../types.js";
import { activeTab } from "./domain-active.js";
import { lookalikesTab } from "./domain-lookalikes.js";
import { registrationTab } from "./domain-registration.js";
import { subdomainsTab } from "./domain-subdomains.js";
import { ipHref, domainHref } from "../links.js";

// A domain's page: what is known of it now (the summary card) and, in tabs, the
// live DNS answers, its registration history, the passive-DNS rows and timeline,
// the names below it, its lookalikes and its alerts.

const when = (iso: string | undefined): string => (iso ? iso.slice(0, 10) : "—");

function records(kind: string, list: CurrentRecord[]): HTMLElement {
  return h(
    "div",
    null,
    h("dt", null, kind),
    h(
      "dd",
      null,
      list.length === 0
        ? "—"
        : h(
            "ul",
            { class: "plain" },
            ...list.map((r) =>
              h(
                "li",
                null,
                kind === "A" || kind === "AAAA"
                  ? h("a", { href: ipHref(r.value) }, r.value)
                  : h("a", { href: domainHref(r.value) }, r.value),
                r.asn ? h("span", { class: "muted" }, ` AS${r.asn.number} ${r.asn.name}`) : null,
                r.country ? h("span", { class: "muted" }, ` ${r.country}`) : null,
              ),
            ),
          ),
    ),
  );
}

function summaryCard(s: DomainSummary): HTMLElement {
  const r = s.registration;
  return h(
    "dl",
    { class: "card" },
    h("div", null, h("dt", null, "Registrar"), h("dd", null, r?.registrar ?? "—")),
    h("div", null, h("dt", null, "Created"), h("dd", null, when(r?.created))),
    h("div", null, h("dt", null, "Expires"), h("dd", null, when(r?.expires))),
    h("div", null, h("dt", null, "Status"), h("dd", null, r?.status.join(", ") || "—")),
    h(
      "div",
      null,
      h("dt", null, "Privacy"),
      h("dd", null, r ? (r.privacy ? "redacted" : "public") : "—"),
    ),
    records("A", s.current.A),
    records("AAAA", s.current.AAAA),
    records("NS", s.current.NS),
    records("MX", s.current.MX),
    h(
      "div",
      null,
      h("dt", null, "Open alerts"),
      h(
        "dd",
        null,
        h("a", { href: `#/alerts?entity=${encodeURIComponent(s.name)}` }, s.openAlerts),
      ),
    ),
  );
}

function pdnsTab(name: string): HTMLElement {
  const chart = h("div", { class: "timeline-box" });
  const table = pdnsTable(`passive DNS rows of ${name}`, (o, col) =>
    col === 2 && (o.rrtype === "A" || o.rrtype === "AAAA")
      ? ipHref(o.rdata)
      : col === 2 && ["CNAME", "NS", "MX", "PTR"].includes(o.rrtype)
        ? domainHref(o.rdata.split(" ").pop()!.replace(/\.$/, ""))
        : undefined,
  );
  const note = h("p", { class: "muted", role: "status" });
  const width = (): number =>
    Math.min(1100, (document.getElementById("main")?.clientWidth ?? 900) - 40);
  fill(chart, api<Timeline>(`/pdns/timeline?${new URLSearchParams({ query: name })}`), (t) =>
    timelineChart(t, width()),
  );
  allRows({ query: name }, (rows) => table.setRows(rows)).then(
    ({ capped }) => {
      if (capped)
        note.textContent = "Only the first rows are shown: narrow the query on the Search page.";
    },
    (e: unknown) => {
      note.textContent = String(e instanceof Error ? e.message : e);
      note.className = "error";
    },
  );
  return h(
    "div",
    null,
    h("h2", null, "Timeline"),
    chart,
    h("h2", null, "Rows"),
    note,
    table.element,
  );
}

function alertsTab(name: string): HTMLElement {
  return loaded(
    api<AlertPage>(`/alerts?${new URLSearchParams({ entity: name, limit: "100" })}`),
    (p) => alertList(p.alerts),
  );
}

export function domainPage(name: string, tab: string): HTMLElement {
  // 404: nothing is stored about the name; the tabs may still find it (active DNS).
  const card = loaded(
    orEmpty<DomainSummary | undefined>(
      api<DomainSummary>(`/domains/${encodeURIComponent(name)}`),
      undefined,
    ),
    (s) =>
      s ? summaryCard(s) : h("p", { class: "muted" }, "Nothing is stored about this name yet."),
  );
  return h(
    "section",
    { "aria-labelledby": "domain-title" },
    h("h1", { id: "domain-title" }, name),
    h(
      "p",
      null,
      h("a", { href: `#/graph?seed=${encodeURIComponent(name)}` }, "Open in the pivot graph"),
    ),
    card,
    tabs(
      [
        { id: "pdns", label: "Passive DNS", render: () => pdnsTab(name) },
        { id: "active", label: "Active DNS", render: () => activeTab(name) },
        { id: "registration", label: "Registration", render: () => registrationTab(name) },
        { id: "subdomains", label: "Subdomains", render: () => subdomainsTab(name) },
        { id: "lookalikes", label: "Lookalikes", render: () => lookalikesTab(name) },
        { id: "alerts", label: "Alerts", render: () => alertsTab(name) },
      ],
      tab,
      (id) => history.replaceState(null, "", `#/domain/${encodeURIComponent(name)}?tab=${id}`),
      `${name}`,
    ),
  );
}
