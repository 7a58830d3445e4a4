// The layers of src/, bottom first (DESIGN.md "Data flows one way"). A unit is a
// top-level folder, or a file directly in src/ ("errors.ts"). A unit imports only
// from units in lower layers: never up, and never sideways to another unit of its own
// layer. model/ imports nothing at all, not even a package.
//
// eslint.config.js turns this table into no-restricted-imports rules, so a wrong
// import fails `npm run lint`; scripts/import-graph.mjs --check holds the whole graph
// (dynamic import() too) to it. A new folder must be given a layer here.
export const LAYERS = [
  ["model"], // shared shapes: types and tiny constant tables
  ["package-root.ts"], // where the package is: the shipped data is found from there
  ["errors.ts", "version.ts"],
  ["util", "threads"], // durations, token bucket, deque, abort; worker start-up
  ["net"], // IP codecs, address guard, HTTP client
  ["dns", "lookalike"], // wire codec, stub client, authoritative walk; name fuzzing and matching
  ["store", "registration", "enrich"], // the store contract; RDAP/WHOIS; IP → AS, country
  ["bulk", "passive", "deliver", "data", "fleet"], // collectors (active, passive); alert sinks; update-data; sensor stream (NATS)
  ["detect"], // analytics: facts in, findings out
  ["export", "monitor"], // COF, CSV, STIX; monitor passes
  ["flows"], // library flows: ingest, monitor, lookalike match (what CLI, API and UI call)
  ["api"],
  ["cli", "index.ts", "entry"], // the CLI and the library's entry points
];

const RANK = new Map(LAYERS.flatMap((units, rank) => units.map((u) => [u, rank])));

/** The layer of a unit, or undefined for one the table does not know. */
export const layerOf = (unit) => RANK.get(unit);

/** Units `unit` must not import: every unit in its layer or above, but itself. */
export function forbiddenFor(unit) {
  const rank = RANK.get(unit);
  return [...RANK].filter(([u, r]) => r >= rank && u !== unit).map(([u]) => u);
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// Deepest folder level below a unit that the rules cover; the graph check fails past it.
export const MAX_DEPTH = 5;

/** A specifier reaching unit `u` from a file `up` folders below src/. */
function target(u, up) {
  const base = up === 0 ? "\\./" : `(?:\\.\\./){${up}}`;
  return u.endsWith(".ts") ? `^${base}${escape(u.slice(0, -3))}\\.js$` : `^${base}${escape(u)}/`;
}

const message = (unit, u) =>
  `${unit} is in layer ${RANK.get(unit)} and ${u} in layer ${RANK.get(u)} (scripts/layers.mjs): ` +
  `imports point down the layers, never up or sideways`;

/** Flat-config blocks: one per unit and folder depth, as relative paths differ by depth. */
export function layerRules() {
  const blocks = [
    {
      files: ["src/model/**/*.ts"],
      rules: {
        "no-restricted-imports": [
          "error",
          {
            patterns: [
              {
                regex: "^(?!\\./)",
                message: "model/ has no imports of its own: only its own files (./x.js)",
              },
            ],
          },
        ],
      },
    },
  ];
  for (const unit of RANK.keys()) {
    if (unit === "model") continue;
    const forbidden = forbiddenFor(unit);
    const depths = unit.endsWith(".ts")
      ? [0]
      : Array.from({ length: MAX_DEPTH + 1 }, (_, d) => d + 1);
    for (const up of depths) {
      const files = unit.endsWith(".ts")
        ? [`src/${unit}`]
        : [`src/${unit}/${"*/".repeat(up - 1)}*.ts`];
      const patterns = forbidden.map((u) => ({ regex: target(u, up), message: message(unit, u) }));
      // import("...") is no import declaration: the same regexes as a syntax rule.
      const syntax = forbidden.map((u) => ({
        // esquery's regex literal ends at the first "/", escaped or not: write it as \x2F.
        selector: `ImportExpression[source.value=/${target(u, up).replaceAll("/", "\\x2F")}/]`,
        message: message(unit, u),
      }));
      blocks.push({
        files,
        rules: {
          "no-restricted-imports": ["error", { patterns }],
          "no-restricted-syntax": ["error", ...syntax],
        },
      });
    }
  }
  return blocks;
}
