import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { isDnsightError } from "../../errors.js";
import { assertUserName } from "../../store/check.js";
import { requirePart } from "../../store/require-part.js";
import { USER_ROLES, type UserInfo, type UserRole } from "../../store/types.js";
import { checkNewPassword, hashPassword, MAX_PASSWORD_BYTES } from "../../util/password.js";
import type { ApiEnv } from "../app-env.js";
import { HttpError } from "../http.js";
import { noteAudit } from "./audit-log.js";
import { problemContent } from "./problem.js";
import { access, KEYED_ERRORS } from "./route.js";

// The users of the web UI and API (admin), on the same store calls as `dnsight user`.
// The store refuses a change that would leave no enabled admin (409 here); disabling
// or removing a user ends their sessions at once, and their API keys stop working
// (src/store/roles.ts keyRole reads the user as it is now). A new password ends the
// user's sessions too, the caller's own included.

const roleEnum = z.enum(USER_ROLES as [UserRole, ...UserRole[]]);

/** A rule of the store or the password policy as a zod check, its message as the store words it. */
const ruled = (check: (v: string) => void) => (v: string, ctx: z.RefinementCtx) => {
  try {
    check(v);
  } catch (e) {
    ctx.addIssue({ code: "custom", message: (e as Error).message.replace(/^[^:]*: /, "") });
  }
};

export const nameField = z.string().superRefine(ruled(assertUserName)).openapi({
  description: "1-64 of a-z 0-9 . _ @ -, starting with a letter or digit",
  example: "alice",
});
const passwordField = z
  .string()
  .max(MAX_PASSWORD_BYTES)
  .superRefine(ruled(checkNewPassword))
  .openapi({ description: "At least 8 characters, at most 1024 bytes" });

export const UserSchema = z
  .object({
    name: z.string().openapi({ example: "alice" }),
    role: roleEnum,
    createdAt: z.number().int().openapi({ description: "Epoch seconds" }),
    disabled: z.boolean(),
  })
  .openapi("User");

const NewUserSchema = z
  .strictObject({ name: nameField, role: roleEnum, password: passwordField })
  .openapi("NewUser");

const UserChangeSchema = z
  .strictObject({
    role: roleEnum.optional(),
    disabled: z.boolean().optional(),
    password: passwordField.optional(),
  })
  .refine((c) => c.role !== undefined || c.disabled !== undefined || c.password !== undefined, {
    message: "give role, disabled or password",
  })
  .openapi("UserChange");

const body = <S extends z.ZodType>(schema: S) => ({
  body: {
    required: true,
    description: "JSON, at most 16 KiB",
    content: { "application/json": { schema } },
  },
});
const nameParam = z.object({ name: nameField.openapi({ param: { name: "name", in: "path" } }) });
const userJson = { "application/json": { schema: UserSchema } };
const CONFLICT = problemContent("The change would leave no enabled admin, or the name is taken");
const NOT_FOUND = problemContent("No user has that name");

const listRoute = createRoute({
  method: "get",
  path: "/users",
  operationId: "listUsers",
  tags: ["admin"],
  summary: "List users",
  description: "Every user, by name; never a password hash.",
  ...access("admin"),
  responses: {
    200: {
      description: "The users",
      content: { "application/json": { schema: z.object({ users: z.array(UserSchema) }) } },
    },
    ...KEYED_ERRORS,
  },
});

const createUserRoute = createRoute({
  method: "post",
  path: "/users",
  operationId: "createUser",
  tags: ["admin"],
  summary: "Add a user",
  description: "As `dnsight user add`, with the password given.",
  ...access("admin"),
  request: body(NewUserSchema),
  responses: { 201: { description: "Added", content: userJson }, 409: CONFLICT, ...KEYED_ERRORS },
});

const updateUserRoute = createRoute({
  method: "patch",
  path: "/users/{name}",
  operationId: "updateUser",
  tags: ["admin"],
  summary: "Change a user",
  description:
    "Any of role, disabled and password. Disabling ends the user's sessions and stops their keys; a new password ends their sessions. The last enabled admin stays an enabled admin (409).",
  ...access("admin"),
  request: { params: nameParam, ...body(UserChangeSchema) },
  responses: {
    200: { description: "The user as changed", content: userJson },
    404: NOT_FOUND,
    409: CONFLICT,
    ...KEYED_ERRORS,
  },
});

const deleteUserRoute = createRoute({
  method: "delete",
  path: "/users/{name}",
  operationId: "deleteUser",
  tags: ["admin"],
  summary: "Remove a user",
  description:
    "Their sessions end and their API keys are revoked (the keys stay listed). The last enabled admin cannot be removed (409).",
  ...access("admin"),
  request: { params: nameParam },
  responses: {
    204: { description: "Removed" },
    404: NOT_FOUND,
    409: CONFLICT,
    ...KEYED_ERRORS,
  },
});

const info = ({ name, role, createdAt, disabled }: UserInfo): UserInfo => ({
  name,
  role,
  createdAt,
  disabled,
});

/** The store's refusal of a checked request (last admin, name taken) as 409. */
async function conflicting<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isDnsightError(e) && e.code === "INPUT")
      throw new HttpError(409, e.message.split("\n")[0]!);
    throw e;
  }
}

const noUser = (name: string): HttpError => new HttpError(404, `no user named ${name}`);

export function userRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(listRoute, async (c) => {
    const users = (await requirePart(c.env.ctx.store, "users").listUsers()).map(info);
    c.env.ctx.rows = users.length;
    return c.json({ users }, 200);
  });

  app.openapi(createUserRoute, async (c) => {
    const ctx = c.env.ctx;
    const users = requirePart(ctx.store, "users");
    const { name, role, password } = c.req.valid("json");
    noteAudit(ctx, { target: name, detail: `role ${role}` });
    const user = { name, role, createdAt: Math.floor(ctx.now), disabled: false };
    const passwordHash = await hashPassword(password);
    await conflicting(() => users.addUser({ ...user, passwordHash }));
    return c.json(user, 201);
  });

  app.openapi(updateUserRoute, async (c) => {
    const ctx = c.env.ctx;
    const users = requirePart(ctx.store, "users");
    const { name } = c.req.valid("param");
    const change = c.req.valid("json");
    const before = await users.getUser(name);
    if (before === undefined) throw noUser(name);
    // The slow part first, so a change is made whole or not at all but for a store failure.
    const hash = change.password === undefined ? undefined : await hashPassword(change.password);
    noteAudit(ctx, {
      detail: [
        change.role !== undefined ? `role ${before.role} → ${change.role}` : "",
        change.disabled === undefined ? "" : change.disabled ? "disabled" : "enabled",
        hash !== undefined ? "new password" : "",
      ]
        .filter((s) => s !== "")
        .join(", "),
    });
    const { role, disabled } = change;
    if (role !== undefined && !(await conflicting(() => users.setUserRole(name, role))))
      throw noUser(name);
    if (disabled !== undefined && !(await conflicting(() => users.setUserDisabled(name, disabled))))
      throw noUser(name);
    if (hash !== undefined && !(await users.setUserPassword(name, hash))) throw noUser(name);
    const after = await users.getUser(name);
    if (after === undefined) throw noUser(name);
    return c.json(info(after), 200);
  });

  app.openapi(deleteUserRoute, async (c) => {
    const ctx = c.env.ctx;
    const { name } = c.req.valid("param");
    const users = requirePart(ctx.store, "users");
    if (!(await conflicting(() => users.removeUser(name, Math.floor(ctx.now))))) throw noUser(name);
    return c.body(null, 204);
  });
}
