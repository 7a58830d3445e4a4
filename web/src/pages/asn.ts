import { api } from "../api.js";
import { h } from "../dom.js";
import { domainHref, ipHref, searchHref } from "../links.js";
import { loaded, orEmpty } from "../parts/status.js";
import { isoFromSeconds } from "../../../src/util/time.js";

// An AS number: its stored registration (RDAP or WHOIS), field by field, as text; the
// prefixes the offline IP → AS table gives it (GET /asns/{asn}), each a search of
// passive DNS; and the names seen on addresses inside them, each a link to the
// name's page and the address's.

interface AsnFacts {
  asn: number;
  name: string | null;
  country: string | null;
  prefixes: { cidrs: string[]; count: number; truncated: boolean; searched: number };
  names: Array<{
    name: string;
    type: string;
    ip: string;
    firstSeen: number;
    lastSeen: number;
    count: number;
  }>;
  truncated: boolean;
}

const day = (t: number): string => isoFromSeconds(t).slice(0, 10);

/** Prefixes shown open at most; more stay folded in their <details>. */
const OPEN_PREFIXES = 24;

function registration(asn: number, r: Record<string, unknown> | null): HTMLElement {
  if (r === null)
    return h("p", { class: "muted" }, `No registration record is stored for AS${asn}.`);
  return h(
    "dl",
    { class: "card" },
    ...Object.entries(r).map(([k, v]) =>
      h(
        "div",
        null,
        h("dt", null, k),
        h("dd", { class: "data" }, typeof v === "string" ? v : JSON.stringify(v)),
      ),
    ),
  );
}

function prefixes(f: AsnFacts): HTMLElement[] {
  const p = f.prefixes;
  return [
    h("h2", null, "Announced prefixes"),
    h(
      "dl",
      { class: "card" },
      h("div", null, h("dt", null, "Name"), h("dd", { class: "data" }, f.name ?? "—")),
      h("div", null, h("dt", null, "Country"), h("dd", null, f.country ?? "—")),
    ),
    p.count === 0
      ? h("p", { class: "muted" }, "The IP → AS table holds no prefix of this AS.")
      : h(
          "details",
          { open: p.count <= OPEN_PREFIXES },
          h("summary", null, `${p.count} prefix${p.count === 1 ? "" : "es"}`),
          h(
            "ul",
            { class: "plain", "aria-label": `prefixes of AS${f.asn}` },
            ...p.cidrs.map((c) => h("li", null, h("a", { href: searchHref(c) }, c))),
          ),
          p.truncated
            ? h("p", { class: "muted" }, `The first ${p.cidrs.length} of ${p.count} are listed.`)
            : null,
        ),
  ];
}

function names(f: AsnFacts): HTMLElement[] {
  const p = f.prefixes;
  const out: Array<HTMLElement | null> = [
    h("h2", null, `Names seen in AS${f.asn}`),
    p.searched < p.count
      ? h(
          "p",
          { class: "muted" },
          `Searched the first ${p.searched} of ${p.count} prefixes; search a prefix above for the others.`,
        )
      : null,
    f.names.length === 0
      ? h("p", { class: "muted" }, "No name stored with an address of this AS.")
      : h(
          "table",
          { "aria-label": `names seen in AS${f.asn}` },
          h(
            "thead",
            null,
            h(
              "tr",
              null,
              ...["Name", "Type", "Address", "First seen", "Last seen", "Count"].map((c) =>
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
                h("td", { class: "data" }, h("a", { href: ipHref(n.ip) }, n.ip)),
                h("td", null, day(n.firstSeen)),
                h("td", null, day(n.lastSeen)),
                h("td", null, n.count),
              ),
            ),
          ),
        ),
    f.truncated ? h("p", { class: "muted" }, "More names are stored than shown.") : null,
  ];
  return out.filter((e): e is HTMLElement => e !== null);
}

export function asnPage(asn: number): HTMLElement {
  return h(
    "section",
    { "aria-labelledby": "asn-title" },
    h("h1", { id: "asn-title" }, `AS${asn}`),
    h("h2", null, "Registration"),
    loaded(
      orEmpty(
        api<{ record: Record<string, unknown> }>(`/registration/as${asn}`).then((s) => s.record),
        null,
      ),
      (r) => registration(asn, r),
    ),
    loaded(api<AsnFacts>(`/asns/${asn}`), (f) => [...prefixes(f), ...names(f)]),
  );
}
