import { STATUS_CODES } from "node:http";
import { z } from "@hono/zod-openapi";

// Problem details (RFC 9457): every error of /api/v1 is one JSON object of this
// shape, served as application/problem+json. `type` stays "about:blank" (RFC 9457
// 4.2.1: the problem is no more than its status), so `title` is the status phrase
// and `detail` says what went wrong this time; a validation error adds `errors`,
// one per bad parameter (an extension member, RFC 9457 3.2).

export const PROBLEM_TYPE = "application/problem+json";

export const InvalidParamSchema = z
  .object({
    in: z
      .enum(["query", "path", "header", "body"])
      .openapi({ description: "Where the parameter is" }),
    name: z.string().openapi({ description: "The parameter's name" }),
    message: z.string(),
  })
  .openapi("InvalidParam");

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "about:blank" }),
    title: z.string().openapi({ example: "Bad Request" }),
    status: z.number().int().openapi({ example: 400 }),
    detail: z.string().openapi({ example: 'query parameter "limit": must be at most 1000' }),
    instance: z.string().openapi({ description: "The path asked for (no query string)" }),
    errors: z.array(InvalidParamSchema).optional(),
  })
  .openapi("Problem");

export type Problem = z.infer<typeof ProblemSchema>;
export type InvalidParam = z.infer<typeof InvalidParamSchema>;

/** The problem object of a status. */
export function problem(
  status: number,
  detail: string,
  instance: string,
  errors?: InvalidParam[],
): Problem {
  return {
    type: "about:blank",
    title: STATUS_CODES[status] ?? "Error",
    status,
    detail,
    instance,
    ...(errors !== undefined ? { errors } : {}),
  };
}

/** The Response of a problem, with the headers an error carries (Retry-After, WWW-Authenticate). */
export function problemResponse(p: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(p) + "\n", {
    status: p.status,
    headers: { "content-type": PROBLEM_TYPE, ...headers },
  });
}

/** The `responses` entry of an error status, for route definitions. */
export const problemContent = (description: string) => ({
  description,
  content: { [PROBLEM_TYPE]: { schema: ProblemSchema } },
});
