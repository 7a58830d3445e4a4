// Helpers for the /api/v1 tests: the OpenAPI document as the server serves it, its
// operations, and a checker of answers against the schemas it documents (ajv, JSON
// Schema 2020-12, the dialect of OpenAPI 3.1).
import { Ajv2020 } from "ajv/dist/2020.js";
import type { ApiRig } from "./_server.js";

export interface Op {
  method: string;
  /** As documented, below the server URL: /alerts/{id}. */
  path: string;
  access: string;
  parameters: Array<{
    name: string;
    in: string;
    required?: boolean;
    schema?: { example?: unknown };
    example?: unknown;
  }>;
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  requestBody?: { required?: boolean };
  /** The operation sends DNS queries: 503 on a server with no DNS servers configured. */
  "x-dnsight-active-dns"?: boolean;
  security: unknown[];
}

export interface Doc {
  openapi: string;
  servers: Array<{ url: string }>;
  paths: Record<
    string,
    Record<string, Omit<Op, "method" | "path" | "access"> & { "x-dnsight-access": string }>
  >;
  components: { schemas: Record<string, unknown> };
}

export async function fetchDoc(rig: ApiRig): Promise<Doc> {
  const res = await rig.get("/api/v1/openapi.json", {});
  if (res.status !== 200) throw new Error(`openapi.json: ${res.status}`);
  return (await res.json()) as Doc;
}

export function operations(doc: Doc): Op[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      ...op,
      method: method.toUpperCase(),
      path,
      access: op["x-dnsight-access"],
      parameters: op.parameters ?? [],
      security: op.security ?? [],
    })),
  );
}

/** Checks a body against the schema the document gives for (op, status, type); throws naming what differs. */
export function answerChecker(
  doc: Doc,
): (op: Op, status: number, type: string, body: unknown) => void {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema({ $id: "doc", components: doc.components });
  return (op, status, type, body) => {
    const content = op.responses[String(status)]?.content;
    if (content === undefined)
      throw new Error(`${op.method} ${op.path}: ${status} is not documented`);
    const media = content[type.split(";")[0]!.trim()];
    if (media === undefined)
      throw new Error(`${op.method} ${op.path} ${status}: ${type} is not documented`);
    const schema = JSON.parse(
      JSON.stringify(media.schema).replace(/"#\/components\//g, '"doc#/components/'),
    ) as object;
    const check = ajv.compile(schema);
    if (!check(body))
      throw new Error(`${op.method} ${op.path} ${status}: ${ajv.errorsText(check.errors)}`);
  };
}
