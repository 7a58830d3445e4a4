import type { HttpBindings } from "@hono/node-server";
import type { RequestContext } from "./http.js";

// What every route of the hono app is given: node's request and response (the DNSDB
// and CIRCL endpoints write to the response themselves) and the request context the
// server made for it (limits, quotas, pacer, and the counters its log line reads).

export interface ApiEnv {
  Bindings: HttpBindings & { ctx: RequestContext };
}
