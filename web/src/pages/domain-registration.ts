import { api } from "../api.js";
import { h } from "../dom.js";
import { loaded, orEmpty } from "../parts/status.js";
import type { RegistrationDiffs, RegistrationSnapshots } from "../types.js";
import { isoFromSeconds } from "../../../src/util/time.js";

// Registration history: every stored snapshot (RDAP or WHOIS), newest first, as a
// timeline; under each, the fields that changed since the one before it.

const text = (v: unknown): string =>
  v === undefined ? "—" : Array.isArray(v) ? v.join(", ") || "—" : String(v);

export function registrationTab(name: string): HTMLElement {
  const path = `/registration/${encodeURIComponent(name)}`;
  return loaded(
    Promise.all([
      orEmpty(api<RegistrationSnapshots>(`${path}/snapshots?limit=50`), { snapshots: [] }),
      orEmpty(api<RegistrationDiffs>(`${path}/diffs?limit=50`), { diffs: [] }),
    ]),
    ([s, d]) => {
      if (s.snapshots.length === 0)
        return h("p", { class: "muted" }, "No registration snapshot is stored for this name.");
      const since = new Map(d.diffs.map((x) => [x.to, x]));
      return h(
        "ol",
        { class: "timeline-list", "aria-label": "registration snapshots" },
        ...s.snapshots.map((snap) => {
          const r = snap.record;
          const diff = since.get(snap.fetchedAt);
          return h(
            "li",
            null,
            h("strong", null, isoFromSeconds(snap.fetchedAt)),
            h("span", { class: "muted" }, ` ${snap.source.toUpperCase()}, ${r.status}`),
            h(
              "p",
              null,
              `Registrar ${r.registrar.name ?? "—"}; expires ${r.expires?.slice(0, 10) ?? "—"}; `,
              `${r.eppStatus.join(", ") || "no status"}; name servers ${r.nameservers.map((n) => n.name).join(", ") || "—"}`,
              r.privacy.protected ? "; privacy service" : "",
            ),
            diff === undefined
              ? h(
                  "p",
                  { class: "muted" },
                  "The first snapshot kept (or the one before it was throttled).",
                )
              : diff.changes.length === 0
                ? h("p", { class: "muted" }, "Nothing changed since the snapshot before.")
                : h(
                    "table",
                    { "aria-label": `changes at ${isoFromSeconds(snap.fetchedAt)}` },
                    h(
                      "thead",
                      null,
                      h(
                        "tr",
                        null,
                        ...["Field", "Change", "Before", "After"].map((c) =>
                          h("th", { scope: "col" }, c),
                        ),
                      ),
                    ),
                    h(
                      "tbody",
                      null,
                      ...diff.changes.map((c) =>
                        h(
                          "tr",
                          null,
                          h("td", null, c.field),
                          h("td", null, c.change),
                          h("td", { class: "data" }, text(c.before)),
                          h("td", { class: "data" }, text(c.after)),
                        ),
                      ),
                    ),
                  ),
          );
        }),
      );
    },
  );
}
