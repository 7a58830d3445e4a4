import { api } from "../api.js";
import { classify } from "../classify.js";
import { h, replace } from "../dom.js";
import { domainHref, ipHref, searchHref } from "../links.js";
import { allRows } from "../parts/pdns-rows.js";
import { pdnsTable } from "../parts/pdns-table.js";
import type { Suggestions } from "../types.js";

// The search box that takes anything: a name opens its domain page, an address its
// IP page, an AS number its registration, and a pattern (*.name, name.*, a CIDR, a
// range) lists the stored rows here. Stored names are suggested as you type.

const SUGGEST_DELAY_MS = 150;

function suggestingInput(value: string): HTMLElement[] {
  const list = h("datalist", { id: "search-suggestions" });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = "";
  const box = h("input", {
    id: "search-query",
    name: "q",
    type: "search",
    value,
    autocomplete: "off",
    list: "search-suggestions",
    placeholder: "example.com, *.example.com, 192.0.2.1, 192.0.2.0/24, AS64500",
    "aria-label": "search",
    oninput: () => {
      clearTimeout(timer);
      const q = box.value.trim();
      if (q.length < 2 || q.includes("*") || q.includes("/")) return;
      timer = setTimeout(() => {
        asked = q;
        api<Suggestions>(`/pdns/suggest?${new URLSearchParams({ q })}`).then(
          (s) => {
            // An answer to an older keystroke is dropped.
            if (asked === q) replace(list, ...s.names.map((n) => h("option", { value: n })));
          },
          () => replace(list),
        );
      }, SUGGEST_DELAY_MS);
    },
  }) as HTMLInputElement;
  return [box, list];
}

export function searchPage(query: string): HTMLElement {
  const [box, datalist] = suggestingInput(query) as [HTMLInputElement, HTMLElement];
  const results = h("div", { id: "results", "aria-live": "polite" });
  const form = h(
    "form",
    {
      class: "search",
      role: "search",
      onsubmit: (e) => {
        e.preventDefault();
        const t = classify(box.value);
        location.hash =
          t.kind === "domain"
            ? domainHref(t.name)
            : t.kind === "ip"
              ? ipHref(t.ip)
              : t.kind === "asn"
                ? `#/asn/${t.asn}`
                : searchHref(box.value.trim());
      },
    },
    box,
    datalist,
    h("button", { type: "submit" }, "Search"),
  );
  if (query !== "") {
    const table = pdnsTable(`passive DNS rows for ${query}`, (o, col) =>
      col === 0
        ? domainHref(o.rrname.replace(/\.$/, ""))
        : col === 2 && (o.rrtype === "A" || o.rrtype === "AAAA")
          ? ipHref(o.rdata)
          : undefined,
    );
    const note = h("p", { class: "muted", role: "status" }, "Searching…");
    replace(results, note, table.element);
    allRows({ query }, (rows) => table.setRows(rows)).then(
      ({ rows, capped }) => {
        note.textContent =
          rows.length === 0
            ? `Nothing stored for ${query}.`
            : capped
              ? "Only the first rows are shown: narrow the query."
              : "";
      },
      (e: unknown) => {
        note.textContent = e instanceof Error ? e.message : String(e);
        note.className = "error";
        note.setAttribute("role", "alert");
      },
    );
  }
  return h(
    "section",
    { "aria-labelledby": "search-title" },
    h("h1", { id: "search-title" }, "Search"),
    form,
    results,
  );
}
