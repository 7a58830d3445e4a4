import { api, currentSession } from "../api.js";
import { h, replace } from "../dom.js";
import { domainHref } from "../links.js";
import type { Alert, Evidence } from "../types.js";
// Plain tables of the ATT&CK names; bundled as they are.
import { DATA_COMPONENT_NAMES, TECHNIQUES } from "../../../src/detect/attack.js";

const techniqueName = (id: string): string =>
  (TECHNIQUES as Record<string, { name: string } | undefined>)[id]?.name ?? id;
const componentName = (id: string): string =>
  `${id} ${(DATA_COMPONENT_NAMES as Record<string, string | undefined>)[id] ?? ""}`.trim();
import { failure } from "./status.js";

// Alerts as cards: the ATT&CK technique, data component and analytic that raised
// each, its evidence (before → after, as text), its notes, and for an analyst the
// acknowledge / close / reopen actions, each with a comment. Evidence values are
// shown as JSON text: whatever they hold, they are never markup.

const show = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));

function evidence(e: Evidence): HTMLElement {
  return h(
    "li",
    null,
    h("span", { class: "muted" }, `${e.source}: `),
    e.what,
    e.before !== undefined
      ? h("div", null, "before: ", h("code", { class: "data" }, show(e.before)))
      : null,
    e.after !== undefined
      ? h("div", null, "after: ", h("code", { class: "data" }, show(e.after)))
      : null,
    e.at ? h("span", { class: "muted" }, ` (${e.at})`) : null,
  );
}

const ACTIONS: Record<
  Alert["status"],
  Array<{ verb: string; label: string; needsComment: boolean }>
> = {
  open: [
    { verb: "acknowledge", label: "Acknowledge", needsComment: false },
    { verb: "close", label: "Close", needsComment: true },
  ],
  acknowledged: [
    { verb: "close", label: "Close", needsComment: true },
    { verb: "reopen", label: "Reopen", needsComment: false },
  ],
  closed: [{ verb: "reopen", label: "Reopen", needsComment: false }],
};

function actions(a: Alert, redraw: (next: Alert) => void): HTMLElement | null {
  const role = currentSession()?.role;
  if (role !== "analyst" && role !== "admin") return null;
  const id = `comment-${a.id}`;
  const comment = h("input", { id, type: "text", maxlength: 2000, placeholder: "comment" });
  const error = h("p", { class: "error", role: "alert" });
  const act = async (verb: string, needsComment: boolean): Promise<void> => {
    const text = comment.value.trim();
    if (needsComment && text === "") {
      error.textContent = "Closing needs a comment.";
      comment.focus();
      return;
    }
    try {
      redraw(
        await api<Alert>(`/alerts/${encodeURIComponent(a.id)}/${verb}`, {
          method: "POST",
          body: text ? { comment: text } : {},
        }),
      );
    } catch (e) {
      replace(error, failure(e));
    }
  };
  return h(
    "div",
    { class: "actions" },
    h("label", { for: id, class: "visually-hidden" }, `comment on alert ${a.id}`),
    comment,
    ...ACTIONS[a.status].map((x) =>
      h("button", { type: "button", onclick: () => void act(x.verb, x.needsComment) }, x.label),
    ),
    error,
  );
}

export function alertCard(a: Alert, selectable?: (id: string, on: boolean) => void): HTMLElement {
  const box = h("article", { class: `alert sev-${a.severity}`, "aria-label": `alert ${a.id}` });
  const draw = (x: Alert): void => {
    replace(
      box,
      h(
        "header",
        null,
        selectable
          ? h("input", {
              type: "checkbox",
              "aria-label": `select alert ${x.id}`,
              onchange: (e) => selectable(x.id, (e.target as HTMLInputElement).checked),
            })
          : null,
        h("span", { class: `badge sev-${x.severity}` }, x.severity),
        h("span", { class: `badge status-${x.status}`, "data-status": x.status }, x.status),
        h("strong", null, x.techniques.join(", ")),
        h("span", { class: "muted" }, ` ${x.techniques.map(techniqueName).join("; ")} `),
        " ",
        h("a", { href: domainHref(x.entity) }, x.entity),
      ),
      h("p", null, x.summary),
      h(
        "dl",
        { class: "facts" },
        h(
          "div",
          null,
          h("dt", null, "Data component"),
          h("dd", null, x.dataComponents.map(componentName).join(", ")),
        ),
        h(
          "div",
          null,
          h("dt", null, "Analytic"),
          h("dd", null, `${x.analytics.join(", ")} (rule ${x.rule})`),
        ),
        h(
          "div",
          null,
          h("dt", null, "Seen"),
          h("dd", null, `${x.firstSeen} – ${x.lastSeen} (${x.count}×)`),
        ),
      ),
      h(
        "details",
        null,
        h("summary", null, `Evidence (${x.evidence.length})`),
        h("ul", null, ...x.evidence.map(evidence)),
      ),
      x.notes && x.notes.length > 0
        ? h(
            "ol",
            { class: "notes", "aria-label": "history" },
            ...x.notes.map((n) =>
              h("li", null, `${n.at} ${n.user} ${n.action}`, n.comment ? `: ${n.comment}` : ""),
            ),
          )
        : null,
      actions(x, draw),
    );
  };
  draw(a);
  return box;
}

export function alertList(
  alerts: Alert[],
  selectable?: (id: string, on: boolean) => void,
): HTMLElement {
  if (alerts.length === 0) return h("p", { class: "muted" }, "No alerts.");
  return h("div", { class: "alerts" }, ...alerts.map((a) => alertCard(a, selectable)));
}
