import { h, replace } from "../dom.js";

// Tabs as WAI-ARIA's pattern wants them (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/):
// a tablist of buttons, arrow keys and Home/End moving between them, one panel shown.
// A panel is built the first time its tab is chosen, so a page asks the API only for
// what is looked at.

export interface Tab {
  id: string;
  label: string;
  render: () => HTMLElement;
}

export function tabs(
  tabsIn: Tab[],
  selected: string,
  onSelect: (id: string) => void,
  label: string,
): HTMLElement {
  const panel = h("div", { role: "tabpanel", class: "tabpanel", tabindex: "0" });
  const built = new Map<string, HTMLElement>();
  const buttons = tabsIn.map((t) =>
    h(
      "button",
      {
        type: "button",
        role: "tab",
        id: `tab-${t.id}`,
        "aria-controls": "tabpanel",
        onclick: () => choose(t.id, true),
      },
      t.label,
    ),
  );
  panel.id = "tabpanel";
  function choose(id: string, announce: boolean): void {
    const i = Math.max(
      0,
      tabsIn.findIndex((t) => t.id === id),
    );
    buttons.forEach((b, j) => {
      b.setAttribute("aria-selected", String(i === j));
      b.tabIndex = i === j ? 0 : -1;
    });
    const tab = tabsIn[i]!;
    panel.setAttribute("aria-labelledby", `tab-${tab.id}`);
    let el = built.get(tab.id);
    if (el === undefined) {
      el = tab.render();
      built.set(tab.id, el);
    }
    replace(panel, el);
    if (announce) onSelect(tab.id);
  }
  const list = h(
    "div",
    {
      role: "tablist",
      "aria-label": label,
      class: "tablist",
      onkeydown: (e) => {
        const k = (e as KeyboardEvent).key;
        const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
        if (at < 0) return;
        const to =
          k === "ArrowRight"
            ? (at + 1) % buttons.length
            : k === "ArrowLeft"
              ? (at - 1 + buttons.length) % buttons.length
              : k === "Home"
                ? 0
                : k === "End"
                  ? buttons.length - 1
                  : -1;
        if (to < 0) return;
        e.preventDefault();
        buttons[to]!.focus();
        choose(tabsIn[to]!.id, true);
      },
    },
    ...buttons,
  );
  choose(selected, false);
  return h("div", { class: "tabs" }, list, panel);
}
