import { DnsightError } from "../../errors.js";
import { openStore } from "../../store/open.js";
import { requirePart } from "../../store/require-part.js";
import { USER_ROLES, type UserRole, type UserStore } from "../../store/types.js";
import { hashPassword } from "../../util/password.js";
import { audited } from "../audit-cli.js";
import {
  defineCommand,
  type CommandIO,
  type GLOBAL_OPTIONS,
  type OptionValues,
} from "../command.js";
import { readPasswordInput } from "../password-input.js";
import { storeOption } from "../store-io.js";
import { userName } from "../user-name.js";
import { userListCommand } from "./user-list.js";

// `dnsight user add|list|remove|set-role|passwd|disable|enable`: the users of
// `dnsight serve`. Every change goes in the audit log (src/cli/audit-cli.ts).

type Act = <T>(
  what: { action: string; target: string; detail?: string },
  fn: (users: UserStore) => Promise<T>,
  detailOf?: (result: T) => string | undefined,
) => Promise<T>;

/** Opens the store, asks for users and the audit log, and records what `fn` did. */
async function withUsers<T>(
  values: OptionValues<typeof GLOBAL_OPTIONS>,
  io: CommandIO,
  fn: (act: Act, users: UserStore) => Promise<T>,
  o: { mustExist?: boolean } = { mustExist: true },
): Promise<T> {
  const store = await openStore(storeOption(values, io.env), o);
  try {
    const users = requirePart(store, "users");
    const audit = requirePart(store, "audit");
    const act: Act = (what, f, detailOf) => audited(audit, io.env, what, () => f(users), detailOf);
    return await fn(act, users);
  } finally {
    await store.close();
  }
}

function role(text: string | undefined, what: string): UserRole {
  const r = text ?? "reader";
  if (!(USER_ROLES as readonly string[]).includes(r))
    throw new DnsightError("USAGE", `${what} must be admin, analyst or reader, got "${r}"`);
  return r as UserRole;
}

const noUser = (name: string): DnsightError =>
  new DnsightError("INPUT", `no user named ${name} (see 'dnsight user list')`);

const PASSWORD_NOTE =
  "The password is read from stdin (one line); on a terminal or an empty stdin (< /dev/null) one is generated and printed once on stdout.";

const addCommand = defineCommand({
  name: "dnsight user add",
  description: `Add a user of \`dnsight serve\` (the web UI and the API). ${PASSWORD_NOTE}`,
  options: {
    role: {
      type: "string",
      value: "ROLE",
      description:
        "reader (default): reads everything; analyst: also acknowledges alerts and runs checks; admin: also manages users, keys and the audit log",
    },
  },
  positionals: [{ name: "NAME", description: "what they log in with", required: true }],
  examples: [
    "dnsight user add alice --role admin < /dev/null",
    "printf '%s\\n' \"$PASSWORD\" | dnsight user add bob --role analyst",
  ],
  async run({ values, positionals, io }) {
    const name = userName(positionals[0]!);
    const r = role(values.role as string | undefined, "--role");
    const { password, generated } = await readPasswordInput(io);
    const passwordHash = await hashPassword(password);
    const createdAt = Math.floor(Date.now() / 1000);
    await withUsers(
      values,
      io,
      (act, users) =>
        act({ action: "user.add", target: name, detail: `role ${r}` }, () =>
          users.addUser({ name, role: r, passwordHash, createdAt, disabled: false }),
        ),
      {},
    );
    if (generated) io.stdout.write(`${password}\n`);
    io.stderr.write(
      `added user ${name} (${r})${generated ? "; the password above is shown only this once" : ""}\n`,
    );
    return 0;
  },
});

const removeCommand = defineCommand({
  name: "dnsight user remove",
  description:
    "Remove a user: their sessions end and their API keys are revoked (they stay listed). The last enabled admin cannot be removed.",
  positionals: [{ name: "NAME", description: "the user", required: true }],
  async run({ values, positionals, io }) {
    const name = userName(positionals[0]!);
    await withUsers(values, io, (act, users) =>
      act({ action: "user.remove", target: name }, async () => {
        if (!(await users.removeUser(name, Math.floor(Date.now() / 1000)))) throw noUser(name);
      }),
    );
    io.stderr.write(`removed user ${name}; their sessions ended and their API keys are revoked\n`);
    return 0;
  },
});

const setRoleCommand = defineCommand({
  name: "dnsight user set-role",
  description: "Change a user's role (admin, analyst, reader). The last enabled admin stays admin.",
  positionals: [
    { name: "NAME", description: "the user", required: true },
    { name: "ROLE", description: "admin, analyst or reader", required: true },
  ],
  async run({ values, positionals, io }) {
    const name = userName(positionals[0]!);
    const r = role(positionals[1], "ROLE");
    const before = await withUsers(values, io, (act, users) =>
      act(
        { action: "user.set-role", target: name },
        async () => {
          const u = await users.getUser(name);
          if (!u || !(await users.setUserRole(name, r))) throw noUser(name);
          return u.role;
        },
        (old) => `${old} → ${r}`,
      ),
    );
    io.stderr.write(`user ${name}: ${before} → ${r}\n`);
    return 0;
  },
});

const passwdCommand = defineCommand({
  name: "dnsight user passwd",
  description: `Set a user's password; their sessions end. ${PASSWORD_NOTE}`,
  positionals: [{ name: "NAME", description: "the user", required: true }],
  examples: ["dnsight user passwd alice < /dev/null"],
  async run({ values, positionals, io }) {
    const name = userName(positionals[0]!);
    const { password, generated } = await readPasswordInput(io);
    const hash = await hashPassword(password);
    await withUsers(values, io, (act, users) =>
      act({ action: "user.passwd", target: name }, async () => {
        if (!(await users.setUserPassword(name, hash))) throw noUser(name);
      }),
    );
    if (generated) io.stdout.write(`${password}\n`);
    io.stderr.write(
      `new password for ${name}; their sessions ended${generated ? "; the password above is shown only this once" : ""}\n`,
    );
    return 0;
  },
});

/** `disable` and `enable`: one command each, the same shape. */
const switchCommand = (disabled: boolean) =>
  defineCommand({
    name: `dnsight user ${disabled ? "disable" : "enable"}`,
    description: disabled
      ? "Disable a user: they cannot log in, their sessions end, their API keys stop working until enabled again. The last enabled admin cannot be disabled."
      : "Enable a disabled user again (their keys work again; they log in anew).",
    positionals: [{ name: "NAME", description: "the user", required: true }],
    async run({ values, positionals, io }) {
      const name = userName(positionals[0]!);
      await withUsers(values, io, (act, users) =>
        act({ action: disabled ? "user.disable" : "user.enable", target: name }, async () => {
          if (!(await users.setUserDisabled(name, disabled))) throw noUser(name);
        }),
      );
      io.stderr.write(`user ${name} ${disabled ? "disabled" : "enabled"}\n`);
      return 0;
    },
  });

export const userCommand = defineCommand({
  name: "dnsight user",
  description:
    "The users of `dnsight serve`'s web UI and API, with roles admin, analyst and reader. Changes go in the audit log ('dnsight audit').",
  subcommands: {
    add: { description: "add a user", load: async () => addCommand },
    list: { description: "list users", load: async () => userListCommand },
    remove: { description: "remove a user (keys revoked)", load: async () => removeCommand },
    "set-role": { description: "change a user's role", load: async () => setRoleCommand },
    passwd: { description: "set a user's password", load: async () => passwdCommand },
    disable: { description: "stop a user logging in", load: async () => switchCommand(true) },
    enable: { description: "let a disabled user in again", load: async () => switchCommand(false) },
  },
});
