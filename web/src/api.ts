// The REST API as the UI calls it: same-origin fetch with the session cookie, JSON
// in and out, the session's CSRF token on every state-changing request, and
// problem+json errors (RFC 9457) turned into ApiError with the server's words.

export interface Session {
  user: string;
  role: "admin" | "analyst" | "reader";
  csrfToken: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let session: Session | undefined;

export const currentSession = (): Session | undefined => session;
export const setSession = (s: Session | undefined): void => {
  session = s;
};

export async function api<T>(
  path: string,
  o: { method?: "GET" | "POST" | "PATCH" | "DELETE"; body?: unknown } = {},
): Promise<T> {
  const method = o.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json" };
  if (o.body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && session) headers["x-csrf-token"] = session.csrfToken;
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: "same-origin",
    ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
  });
  if (res.status === 204) return undefined as T;
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const p = (body ?? {}) as { title?: string; detail?: string };
    throw new ApiError(res.status, p.detail ?? p.title ?? `HTTP ${res.status}`);
  }
  return body as T;
}

/** A GET whose answer is a file (an export): saved under `filename` by the browser. */
export async function download(path: string, filename: string): Promise<void> {
  const res = await fetch(`/api/v1${path}`, { credentials: "same-origin" });
  if (!res.ok) {
    const p = (await res.json().catch(() => ({}))) as { title?: string; detail?: string };
    throw new ApiError(res.status, p.detail ?? p.title ?? `HTTP ${res.status}`);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
