// Calls for the admin route tests: JSON in, status and JSON (or problem) out.
import type { ApiRig } from "./_server.js";

export interface Answer {
  status: number;
  body: Record<string, unknown> & { detail?: string; errors?: Array<{ name: string }> };
  headers: Headers;
}

/** `method /api/v1<path>` with `headers` and, if given, a JSON body. */
export function send(
  rig: ApiRig,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Response> {
  return rig.request(`/api/v1${path}`, {
    method,
    headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

/** As send, the answer read: its status, JSON body (or problem) and headers. */
export async function call(
  rig: ApiRig,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Answer> {
  const res = await send(rig, method, path, headers, body);
  const text = await res.text();
  return {
    status: res.status,
    body: text === "" ? {} : (JSON.parse(text) as Answer["body"]),
    headers: res.headers,
  };
}

/** The fields a 400 names. */
export const named = (a: Answer): string[] => (a.body.errors ?? []).map((e) => e.name).sort();
