import type { MiddlewareHandler } from "hono";
import type { ApiKeyRole } from "../../store/types.js";
import type { ApiEnv } from "../app-env.js";
import { guard, type Access } from "./guard.js";
import { problemContent } from "./problem.js";

// The parts every route definition shares: who may call it (one value that sets the
// guard, the documented security and the `x-dnsight-access` extension the route test
// reads), and the error answers it may give.

/** The security schemes of the document (registered in app.ts). */
export const SECURITY_SCHEMES = {
  apiKey: { type: "apiKey", in: "header", name: "X-API-Key" },
  basic: {
    type: "http",
    scheme: "basic",
    description: "HTTP Basic with the API key as password (the user name is ignored)",
  },
} as const;

const KEY_SECURITY: Array<Record<string, string[]>> = [{ apiKey: [] }, { basic: [] }];

/** The access fields of a route definition. */
export function access(who: Access): {
  middleware: MiddlewareHandler<ApiEnv>[];
  security: Array<Record<string, string[]>>;
  "x-dnsight-access": Access;
} {
  if (who === "public") return { middleware: [], security: [], "x-dnsight-access": who };
  return {
    middleware: [guard(who as ApiKeyRole)],
    security: KEY_SECURITY,
    "x-dnsight-access": who,
  };
}

/** The error answers of a route that needs a key and reads the store. */
export const KEYED_ERRORS = {
  400: problemContent("A parameter is not valid (each one named in `errors`)"),
  401: problemContent("No API key"),
  403: problemContent("The API key is wrong, revoked, or lacks the role"),
  429: problemContent("Over the key's rate (see Retry-After)"),
  501: problemContent("The store does not keep this part"),
  503: problemContent("Too many queries of this key at once, or the store is unavailable"),
} as const;
