// A request context as the server makes one, for a hono app tested on its own
// (app.request with { ctx }): the headers, method and path of a request, no socket.
import type { IncomingMessage } from "node:http";
import { DEFAULT_LIMITS, type RequestContext } from "../../../src/api/http.js";
import { Pacer } from "../../../src/api/pacer.js";
import { DEFAULT_QUOTA, KeyQuotas } from "../../../src/api/quota.js";
import { sessionConfig } from "../../../src/api/session/config.js";
import type { Store } from "../../../src/store/types.js";

export function handlerCtx(
  store: Store,
  method: string,
  path: string,
  headers: Record<string, string>,
): RequestContext {
  const h = { host: "dnsight.test:8080", ...headers };
  return {
    // Only the headers, method and socket of node's request are read.
    req: { headers: h, method, socket: {} } as unknown as IncomingMessage,
    // The guard sets the RateLimit fields on node's response.
    res: { setHeader: () => undefined } as never,
    url: new URL(`http://dnsight.test:8080${path}`),
    store,
    limits: DEFAULT_LIMITS,
    dns: { servers: [], nsPort: 53 },
    now: Date.now() / 1000,
    deadline: Infinity,
    quotas: new KeyQuotas(DEFAULT_QUOTA),
    sessions: sessionConfig({}),
    pacer: new Pacer(),
    rows: 0,
  };
}
