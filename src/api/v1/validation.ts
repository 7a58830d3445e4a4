import type { Context } from "hono";
import type { ZodError } from "zod";
import { problem, problemResponse, type InvalidParam } from "./problem.js";

// A request that fails its route's schema: 400, a problem naming every bad parameter
// (RFC 9457 3.2 extension member `errors`) and a detail line of them all.

const WHERE: Record<string, InvalidParam["in"]> = {
  query: "query",
  param: "path",
  header: "header",
  json: "body",
};

function invalidParams(where: InvalidParam["in"], error: ZodError): InvalidParam[] {
  const out: InvalidParam[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const k of issue.keys)
        out.push({ in: where, name: k, message: "is not a parameter of this operation" });
      continue;
    }
    const name = String(issue.path[0] ?? "");
    const missing = issue.code === "invalid_type" && /received undefined/.test(issue.message);
    out.push({ in: where, name, message: missing ? "is required" : issue.message });
  }
  return out;
}

const LABEL: Record<InvalidParam["in"], string> = {
  query: "query parameter",
  path: "path parameter",
  header: "header",
  body: "body field",
};

/** The defaultHook of the v1 app: a problem for a failed validation, nothing otherwise. */
export function validationHook(
  result: { target: string; success: boolean; error?: ZodError },
  c: Context,
): Response | undefined {
  if (result.success || result.error === undefined) return undefined;
  const where = WHERE[result.target] ?? "query";
  const errors = invalidParams(where, result.error);
  const detail = errors.map((e) => `${LABEL[e.in]} "${e.name}": ${e.message}`).join("; ");
  return problemResponse(problem(400, detail, new URL(c.req.url).pathname, errors));
}
