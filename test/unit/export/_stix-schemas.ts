// The OASIS STIX 2.1 JSON schemas (../shared/fixtures/stix/) loaded into ajv: each
// object is checked against the schema of its type, a bundle against bundle.json.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const SCHEMAS = fileURLToPath(
  new URL("../../../../shared/fixtures/stix/schemas/", import.meta.url),
);

export function validators() {
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const byType = new Map<string, string>();
  for (const dir of ["common", "sdos", "sros", "observables"]) {
    for (const f of readdirSync(join(SCHEMAS, dir))) {
      const schema = JSON.parse(readFileSync(join(SCHEMAS, dir, f), "utf8")) as { $id: string };
      ajv.addSchema(schema);
      if (dir !== "common") byType.set(f.replace(/\.json$/, ""), schema.$id);
    }
  }
  const bundleId = JSON.parse(readFileSync(join(SCHEMAS, "common", "bundle.json"), "utf8"))
    .$id as string;
  return { ajv, byType, bundleId };
}

/** Throws naming the first object (or the bundle) the schemas refuse; returns the types seen. */
export function checkBundle(bundle: { objects: Array<{ type: string; id: string }> }): string[] {
  const { ajv, byType, bundleId } = validators();
  if (!ajv.validate(bundleId, bundle)) throw new Error(`bundle: ${ajv.errorsText(ajv.errors)}`);
  const seen = new Set<string>();
  for (const o of bundle.objects) {
    const schema = byType.get(o.type);
    if (schema === undefined) throw new Error(`no schema for ${o.type}`);
    if (!ajv.validate(schema, o)) throw new Error(`${o.id}: ${ajv.errorsText(ajv.errors)}`);
    seen.add(o.type);
  }
  return [...seen].sort();
}
