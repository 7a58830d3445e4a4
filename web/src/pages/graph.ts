import { h, replace } from "../dom.js";
import { classify } from "../classify.js";
import { domainHref, ipHref } from "../links.js";
import { expand, nodeId, type NodeKind, type PivotNode } from "../parts/pivots.js";
import { failure, loading } from "../parts/status.js";

// The pivot graph: a seed (a domain or an IP) and, on each click, what the node
// leads to (parts/pivots.ts). A fan-out shows FANOUT nodes at first and a "show
// more" for the rest, so a name server with ten thousand zones does not bury the
// graph. Cytoscape.js draws it on a canvas (labels are canvas text, never markup)
// and is loaded only when this page opens. The graph exports as PNG and as JSON; a
// list beside it holds the same nodes for the keyboard and screen readers.

const FANOUT = 25;
const NODE_CAP = 500;

const COLOURS: Record<NodeKind, string> = {
  domain: "#0b5cad",
  ip: "#2f7d32",
  ns: "#8e44ad",
  mx: "#c77c02",
  registrar: "#5d4037",
  org: "#b42318",
};

type Cy = import("cytoscape").Core;

function save(name: string, url: string): void {
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
}

export function graphPage(seedText: string): HTMLElement {
  const target = classify(seedText);
  const canvas = h("div", {
    class: "graph",
    role: "img",
    "aria-label": "pivot graph; the list beside it holds the same nodes",
  });
  const side = h("div", { class: "graph-side" });
  const status = h("div", { role: "status", "aria-live": "polite" });
  const list = h("ul", { class: "plain", "aria-label": "graph nodes" });
  const more = h("div");
  const page = h(
    "section",
    { "aria-labelledby": "graph-title" },
    h("h1", { id: "graph-title" }, "Pivot graph"),
    h(
      "form",
      {
        class: "search",
        onsubmit: (e) => {
          e.preventDefault();
          const v = (e.target as HTMLFormElement).querySelector("input")!.value;
          location.hash = `#/graph?seed=${encodeURIComponent(v.trim())}`;
        },
      },
      h("label", { for: "graph-seed", class: "visually-hidden" }, "seed domain or IP"),
      h("input", { id: "graph-seed", value: seedText, placeholder: "example.com or 192.0.2.1" }),
      h("button", { type: "submit" }, "Start"),
    ),
    status,
    h("div", { class: "graph-wrap" }, canvas, side),
  );
  if (target.kind !== "domain" && target.kind !== "ip") {
    replace(status, h("p", { class: "muted" }, "Give a domain or an IP address to start from."));
    return page;
  }
  const seed: PivotNode =
    target.kind === "domain"
      ? { id: nodeId("domain", target.name), kind: "domain", label: target.name }
      : { id: nodeId("ip", target.ip), kind: "ip", label: target.ip };

  replace(status, loading("Loading the graph…"));
  void import("cytoscape").then(
    ({ default: cytoscape }) => {
      replace(status);
      const cy: Cy = cytoscape({
        container: canvas,
        elements: [],
        minZoom: 0.1,
        maxZoom: 2,
        style: [
          {
            selector: "node",
            style: {
              label: "data(label)",
              "background-color": "data(colour)",
              "font-size": 10,
              "text-valign": "bottom",
              "text-margin-y": 3,
              width: 18,
              height: 18,
            },
          },
          { selector: "node.expanded", style: { "border-width": 3, "border-color": "#1b1f24" } },
          {
            selector: "edge",
            style: {
              width: 1,
              "line-color": "#8c959f",
              label: "data(label)",
              "font-size": 8,
              "curve-style": "bezier",
            },
          },
        ],
      });
      const addNode = (n: PivotNode): boolean => {
        if (cy.getElementById(n.id).nonempty()) return false;
        if (cy.nodes().length >= NODE_CAP) return false;
        cy.add({ group: "nodes", data: { ...n, colour: COLOURS[n.kind] } });
        const href =
          n.kind === "domain" ? domainHref(n.label) : n.kind === "ip" ? ipHref(n.label) : undefined;
        list.appendChild(
          h(
            "li",
            { "data-node": n.id },
            h(
              "button",
              { type: "button", class: "linkish", onclick: () => void open(n) },
              `${n.kind} ${n.label}`,
            ),
            href ? h("a", { href, class: "muted" }, " page") : null,
          ),
        );
        return true;
      };
      const layout = (): void => {
        cy.layout({
          name: "cose",
          animate: false,
          randomize: false,
          nodeDimensionsIncludeLabels: true,
        }).run();
      };
      const open = async (n: PivotNode): Promise<void> => {
        const el = cy.getElementById(n.id);
        if (el.hasClass("expanded")) return;
        replace(status, loading(`Expanding ${n.label}…`));
        try {
          const x = await expand(n, 1000);
          el.addClass("expanded");
          let shown = 0;
          const showMore = (): void => {
            const next = x.nodes.slice(shown, shown + FANOUT);
            next.forEach((m, i) => {
              addNode(m);
              const edge = `${n.id}->${m.id}`;
              if (cy.getElementById(edge).empty() && cy.getElementById(m.id).nonempty())
                cy.add({
                  group: "edges",
                  data: { id: edge, source: n.id, target: m.id, label: x.edgeLabels[shown + i] },
                });
            });
            shown += next.length;
            layout();
            replace(
              more,
              shown < x.nodes.length
                ? h(
                    "button",
                    { type: "button", onclick: showMore },
                    `Show ${Math.min(FANOUT, x.nodes.length - shown)} more of ${n.label} (${x.nodes.length - shown} left)`,
                  )
                : null,
            );
          };
          showMore();
          replace(
            status,
            h(
              "p",
              { class: "muted" },
              `${n.label}: ${x.nodes.length} linked`,
              cy.nodes().length >= NODE_CAP ? ` (the graph holds ${NODE_CAP} nodes at most)` : "",
            ),
          );
        } catch (e) {
          replace(status, failure(e));
        }
      };
      cy.on("tap", "node", (e) => void open(e.target.data() as PivotNode));
      addNode(seed);
      void open(seed);
      replace(
        side,
        h(
          "div",
          { class: "toolbar" },
          h(
            "button",
            {
              type: "button",
              onclick: () => save("dnsight-graph.png", cy.png({ full: true, bg: "#ffffff" })),
            },
            "Export PNG",
          ),
          h(
            "button",
            {
              type: "button",
              onclick: () =>
                save(
                  "dnsight-graph.json",
                  URL.createObjectURL(
                    new Blob(
                      [
                        JSON.stringify(
                          {
                            nodes: cy.nodes().map((n) => n.data()),
                            edges: cy.edges().map((e) => e.data()),
                          },
                          null,
                          2,
                        ),
                      ],
                      {
                        type: "application/json",
                      },
                    ),
                  ),
                ),
            },
            "Export JSON",
          ),
        ),
        more,
        list,
      );
    },
    (e: unknown) => replace(status, failure(e)),
  );
  return page;
}
