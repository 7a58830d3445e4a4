import { api } from "../api.js";
import { h } from "../dom.js";
import { domainHref, ipHref } from "../links.js";
import { loaded } from "../parts/status.js";
import type { IpFacts, Neighbours } from "../types.js";
import { isoFromSeconds } from "../../../src/util/time.js";

// An IP's page: its PTR names, AS and country, every name passive DNS saw on it
// (each a link to that name's page: the pivot from an address to its names), and the
// names on its neighbours in the same /24 (/64 for IPv6).

const day = (t: number): string => isoFromSeconds(t).slice(0, 10);

function facts(f: IpFacts): HTMLElement[] {
  return [
    h(
      "dl",
      { class: "card" },
      h("div", null, h("dt", null, "PTR"), h("dd", null, f.ptr.length ? f.ptr.join(", ") : "—")),
      h(
        "div",
        null,
        h("dt", null, "AS"),
        h("dd", null, f.asn ? `AS${f.asn.number} ${f.asn.name}` : "—"),
      ),
      h("div", null, h("dt", null, "Country"), h("dd", null, f.country ?? "—")),
    ),
    h("h2", null, `Names seen on ${f.ip}`),
    f.names.length === 0
      ? h("p", { class: "muted" }, "No name stored with this address.")
      : h(
          "table",
          { "aria-label": `names seen on ${f.ip}` },
          h(
            "thead",
            null,
            h(
              "tr",
              null,
              ...["Name", "Type", "First seen", "Last seen", "Count"].map((c) =>
                h("th", { scope: "col" }, c),
              ),
            ),
          ),
          h(
            "tbody",
            null,
            ...f.names.map((n) =>
              h(
                "tr",
                null,
                h("td", { class: "data" }, h("a", { href: domainHref(n.name) }, n.name)),
                h("td", null, n.type),
                h("td", null, day(n.firstSeen)),
                h("td", null, day(n.lastSeen)),
                h("td", null, n.count),
              ),
            ),
          ),
        ),
    f.truncated ? h("p", { class: "muted" }, "More names are stored than shown.") : h("span"),
  ];
}

function neighbours(n: Neighbours): HTMLElement[] {
  return [
    h("h2", null, `Neighbours in ${n.network}`),
    n.ips.length === 0
      ? h("p", { class: "muted" }, "No other address of this network is stored.")
      : h(
          "ul",
          { class: "plain" },
          ...n.ips.map((x) =>
            h(
              "li",
              null,
              h("a", { href: ipHref(x.ip) }, x.ip),
              " ",
              ...x.names.flatMap((name, i) => [
                i > 0 ? ", " : "",
                h("a", { href: domainHref(name) }, name),
              ]),
            ),
          ),
        ),
    n.truncated ? h("p", { class: "muted" }, "More are stored than shown.") : h("span"),
  ];
}

export function ipPage(ip: string): HTMLElement {
  const path = `/ips/${encodeURIComponent(ip)}`;
  return h(
    "section",
    { "aria-labelledby": "ip-title" },
    h("h1", { id: "ip-title" }, ip),
    h(
      "p",
      null,
      h("a", { href: `#/graph?seed=${encodeURIComponent(ip)}` }, "Open in the pivot graph"),
    ),
    loaded(api<IpFacts>(path), facts),
    loaded(api<Neighbours>(`${path}/neighbours`), neighbours),
  );
}
