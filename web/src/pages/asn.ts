import { api } from "../api.js";
import { h } from "../dom.js";
import { loaded } from "../parts/status.js";

// An AS number: its stored registration (RDAP or WHOIS), field by field, as text.

export function asnPage(asn: number): HTMLElement {
  return h(
    "section",
    { "aria-labelledby": "asn-title" },
    h("h1", { id: "asn-title" }, `AS${asn}`),
    loaded(api<{ record: Record<string, unknown> }>(`/registration/as${asn}`), ({ record: r }) =>
      h(
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
      ),
    ),
  );
}
