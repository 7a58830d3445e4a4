import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { ESLint } from "eslint";
import { LAYERS } from "../../scripts/layers.mjs";

// The layers of src/ (scripts/layers.mjs) are held by lint: these plant imports in
// files that do not exist (ESLint lints the text in memory under the path given) and
// check that the rule fires, so a config edit that drops it fails here.

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** A unit's layer as the lint message numbers it (scripts/layers.mjs, bottom first). */
const layerOf = (unit: string): number => LAYERS.findIndex((layer) => layer.includes(unit));
const eslint = new ESLint({ cwd: ROOT });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((m) => m.ruleId === "no-restricted-imports" || m.ruleId === "no-restricted-syntax")
    .map((m) => `${m.line}:${m.column} ${m.message}`);
}

describe("layers", () => {
  it("model imports nothing: not a layer above, not a package", async () => {
    const up = await layerErrors(
      "src/model/planted.ts",
      'import type { Store } from "../store/types.js";\nexport type X = Store;\n',
    );
    assert.equal(up.length, 1, up.join("\n"));
    assert.match(up[0]!, /'\.\.\/store\/types\.js' import is restricted.*model\/ has no imports/);
    const pkg = await layerErrors(
      "src/model/planted.ts",
      'import { createHash } from "node:crypto";\nexport const h = createHash;\n',
    );
    assert.equal(pkg.length, 1, pkg.join("\n"));
    // Its own files it may use.
    assert.deepEqual(
      await layerErrors(
        "src/model/planted.ts",
        'import type { Alert } from "./alert.js";\nexport type X = Alert;\n',
      ),
      [],
    );
  });

  it("an upward import fails at any depth, a downward one passes", async () => {
    const up = await layerErrors(
      "src/dns/wire/rdata/planted.ts",
      'import type { Store } from "../../../store/types.js";\nexport type X = Store;\n',
    );
    assert.deepEqual(up, [
      "1:1 '../../../store/types.js' import is restricted from being used by a pattern. " +
        `dns is in layer ${layerOf("dns")} and store in layer ${layerOf("store")} (scripts/layers.mjs): imports point down the layers, never up or sideways`,
    ]);
    const down = await layerErrors(
      "src/dns/wire/rdata/planted.ts",
      'import { ipv6ToHexText } from "../../../net/ip.js";\nexport const x = ipv6ToHexText;\n',
    );
    assert.deepEqual(down, []);
    const detect = await layerErrors(
      "src/detect/planted.ts",
      'import { collectDnsState } from "../monitor/dns-state.js";\nexport const x = collectDnsState;\n',
    );
    assert.match(
      detect.join("\n"),
      new RegExp(
        `detect is in layer ${layerOf("detect")} and monitor in layer ${layerOf("monitor")}`,
      ),
    );
  });

  it("sideways, re-exports and import() fail too", async () => {
    const sideways = await layerErrors(
      "src/store/planted.ts",
      'export { emptyRecord } from "../registration/record.js";\n',
    );
    assert.match(
      sideways.join("\n"),
      new RegExp(
        `store is in layer ${layerOf("store")} and registration in layer ${layerOf("registration")}`,
      ),
    );
    const lazy = await layerErrors(
      "src/store/planted.ts",
      'export const load = () => import("../registration/lookup.js");\n',
    );
    assert.match(
      lazy.join("\n"),
      new RegExp(
        `^1:\\d+ store is in layer ${layerOf("store")} and registration in layer ${layerOf("registration")}`,
      ),
    );
  });

  it("the whole src/ graph has no cycle and no import up or sideways", () => {
    const run = spawnSync(process.execPath, ["scripts/import-graph.mjs", "--check"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^cycles: 0$/m);
    assert.match(run.stdout, /^layer violations: 0$/m);
  });
});
