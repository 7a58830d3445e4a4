// Users and logins for the session tests: a user stored with a cheap scrypt (or the
// real one where timing is measured), a login through the API, its cookie and token.
import assert from "node:assert/strict";
import { hashPassword, type ScryptParams } from "../../../src/util/password.js";
import type { UserRole } from "../../../src/store/types.js";
import { send } from "./_admin.js";
import type { ApiRig } from "./_server.js";

/** N = 2^10: a test user's hash in a millisecond or two. */
export const CHEAP: ScryptParams = { ln: 10, r: 8, p: 1 };
export const PASSWORD = "correct horse battery";

export async function addUser(
  rig: ApiRig,
  name: string,
  role: UserRole,
  params: ScryptParams = CHEAP,
  password = PASSWORD,
): Promise<void> {
  await rig.store.users!.addUser({
    name,
    role,
    createdAt: 1_700_000_000,
    disabled: false,
    passwordHash: await hashPassword(password, params),
  });
}

export const loginBody = (user: string, password = PASSWORD): string =>
  JSON.stringify({ user, password });

export function postLogin(
  rig: ApiRig,
  user: string,
  password = PASSWORD,
  headers: Record<string, string> = {},
): Promise<Response> {
  return rig.request("/api/v1/session", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: loginBody(user, password),
  });
}

export interface Login {
  cookie: string;
  token: string;
  csrf: string;
  body: { user: string; role: string; csrfToken: string };
}

/** Logs `user` in; fails the test unless it works. */
export async function logIn(rig: ApiRig, user: string, password = PASSWORD): Promise<Login> {
  const res = await postLogin(rig, user, password);
  const body = (await res.json()) as Login["body"];
  assert.equal(res.status, 200, JSON.stringify(body));
  const set = res.headers.get("set-cookie") ?? "";
  const token = /^dnsight_session=([A-Za-z0-9_-]{43});/.exec(set)?.[1];
  assert.ok(token, set);
  return { cookie: `dnsight_session=${token}`, token, csrf: body.csrfToken, body };
}

/** Stores `user` with `role` and logs them in. */
export async function signIn(rig: ApiRig, user: string, role: UserRole): Promise<Login> {
  await addUser(rig, user, role);
  return logIn(rig, user);
}

/** What the browser of `who` sends on a state change: the cookie and its CSRF token. */
export const sessionHeaders = (who: Login): Record<string, string> => ({
  cookie: who.cookie,
  "x-csrf-token": who.csrf,
});

/** `method /api/v1<path>` as `who`, with `body` as JSON if given. */
export const sendAs = (
  rig: ApiRig,
  who: Login,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> => send(rig, method, path, sessionHeaders(who), body);
