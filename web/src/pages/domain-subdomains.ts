import { api } from "../api.js";
import { h } from "../dom.js";
import { domainHref } from "../links.js";
import { loaded, orEmpty } from "../parts/status.js";
import type { Subdomains } from "../types.js";
import { isoFromSeconds } from "../../../src/util/time.js";

// The names below a domain that passive DNS has seen (*.name), each a link to its page.

const day = (t: number): string => isoFromSeconds(t).slice(0, 10);

export function subdomainsTab(name: string): HTMLElement {
  return loaded(
    orEmpty(api<Subdomains>(`/domains/${encodeURIComponent(name)}/subdomains?limit=500`), {
      names: [],
    }),
    (s) =>
      s.names.length === 0
        ? h("p", { class: "muted" }, "No name below this one is stored.")
        : [
            h(
              "table",
              { "aria-label": `names below ${name}` },
              h(
                "thead",
                null,
                h(
                  "tr",
                  null,
                  ...["Name", "First seen", "Last seen", "Count"].map((c) =>
                    h("th", { scope: "col" }, c),
                  ),
                ),
              ),
              h(
                "tbody",
                null,
                ...s.names.map((n) =>
                  h(
                    "tr",
                    null,
                    h("td", { class: "data" }, h("a", { href: domainHref(n.name) }, n.name)),
                    h("td", null, day(n.firstSeen)),
                    h("td", null, day(n.lastSeen)),
                    h("td", null, n.count),
                  ),
                ),
              ),
            ),
            s.next ? h("p", { class: "muted" }, "More are stored than shown.") : h("span"),
          ],
  );
}
