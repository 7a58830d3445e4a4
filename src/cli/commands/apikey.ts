import { requirePart } from "../../store/require-part.js";
import { newApiKey, storeApiKey } from "../../api/keys.js";
import { DnsightError } from "../../errors.js";
import { openStore } from "../../store/open.js";
import {
  API_KEY_ROLES,
  type ApiKeyInfo,
  type ApiKeyRole,
  type ApiKeyStore,
  type Store,
} from "../../store/types.js";
import { renderTable, type Column } from "../format/table.js";
import {
  defineCommand,
  type GLOBAL_OPTIONS,
  type CommandIO,
  type OptionValues,
} from "../command.js";
import { storeOption } from "../store-io.js";
import { isoFromSeconds } from "../../util/time.js";
import { printable } from "../../util/printable.js";
import { audited } from "../audit-cli.js";
import { userName } from "../user-name.js";

// `dnsight apikey create|list|revoke`: the keys `dnsight serve` accepts. A key may
// belong to a user and then acts as them (src/store/roles.ts); creating and revoking
// go in the audit log.

const iso = isoFromSeconds;

/**
 * The columns of `apikey list`; USER only when a key has one, and last, so the lines
 * of a store without users read as they always did.
 */
function keyColumns(withUser: boolean): Column<ApiKeyInfo>[] {
  const columns: Column<ApiKeyInfo>[] = [
    { header: "ID", value: (k) => k.id },
    { header: "ROLE", value: (k) => k.role },
    { header: "CREATED", value: (k) => iso(k.createdAt) },
    {
      header: "STATUS",
      value: (k) => (k.revokedAt !== undefined ? `revoked ${iso(k.revokedAt)}` : "active"),
      colour: (v) => (v === "active" ? "green" : "dim"),
    },
    { header: "NAME", value: (k) => k.name || "-" },
  ];
  if (withUser) columns.push({ header: "USER", value: (k) => k.user ?? "-" });
  return columns;
}

async function withKeys<T>(
  values: OptionValues<typeof GLOBAL_OPTIONS>,
  io: CommandIO,
  fn: (keys: ApiKeyStore, store: Store) => Promise<T>,
  o: { mustExist?: boolean } = {},
): Promise<T> {
  const store: Store = await openStore(storeOption(values, io.env), o);
  try {
    return await fn(requirePart(store, "apiKeys"), store);
  } finally {
    await store.close();
  }
}

const createCommand = defineCommand({
  name: "dnsight apikey create",
  description:
    "Create an API key for `dnsight serve`. Only the key is printed, on stdout, once: the store keeps its SHA-256, so a lost key cannot be shown again (revoke it and create another).",
  options: {
    name: { type: "string", value: "N", description: "a label: who or what uses the key" },
    role: {
      type: "string",
      value: "read|admin",
      description:
        "read (default): queries only; admin: also the admin endpoints, or with --user all that user may do",
    },
    user: {
      type: "string",
      value: "NAME",
      description: "the user the key belongs to and acts as ('dnsight user list')",
    },
  },
  examples: [
    "dnsight apikey create --name soc-laptop",
    "dnsight apikey create --user alice --role admin --name alice-scripts",
    "export DNSDB_API_KEY=$(dnsight apikey create)",
  ],
  async run({ values, io }) {
    const role = (values.role as string | undefined) ?? "read";
    if (!(API_KEY_ROLES as readonly string[]).includes(role))
      throw new DnsightError("USAGE", `--role must be read or admin, got "${role}"`);
    const name = (values.name as string | undefined) ?? "";
    const owner = values.user === undefined ? undefined : userName(values.user as string);
    const { key, stored } = newApiKey(name, role as ApiKeyRole);
    if (owner !== undefined) stored.user = owner;
    const acts = await withKeys(values, io, (_keys, store) =>
      audited(
        requirePart(store, "audit"),
        io.env,
        { action: "apikey.create", target: stored.id },
        () => storeApiKey(store, stored),
        (r) =>
          `role ${role}${owner ? `, user ${owner}, acts as ${r}` : ""}${name ? `, ${printable(name)}` : ""}`,
      ),
    );
    io.stdout.write(`${key}\n`);
    io.stderr.write(
      `created API key ${stored.id} (${role}${owner ? `, ${owner}'s, acts as ${acts}` : ""}${name ? `, ${name}` : ""})\n`,
    );
    return 0;
  },
});

const listCommand = defineCommand({
  name: "dnsight apikey list",
  description: "List API keys: id, role, user, created, name, and when revoked. Never the keys.",
  options: { json: { type: "boolean", description: "one JSON object per line" } },
  async run({ values, io }) {
    const list = await withKeys(values, io, (keys) => keys.listApiKeys(), { mustExist: true });
    let out = "";
    for (const k of list) {
      if (values.json === true) {
        out +=
          JSON.stringify({
            id: k.id,
            name: k.name,
            role: k.role,
            ...(k.user !== undefined ? { user: k.user } : {}),
            created: iso(k.createdAt),
            ...(k.revokedAt !== undefined ? { revoked: iso(k.revokedAt) } : {}),
          }) + "\n";
      }
    }
    if (values.json !== true)
      out = renderTable(list, keyColumns(list.some((k) => k.user !== undefined)), io);
    io.stdout.write(out);
    if (list.length === 0 && values.json !== true)
      io.stderr.write("no API keys; create one with 'dnsight apikey create'\n");
    return 0;
  },
});

const revokeCommand = defineCommand({
  name: "dnsight apikey revoke",
  description: "Revoke an API key by its id (from 'dnsight apikey list'); it stays listed.",
  positionals: [{ name: "ID", description: "the key's id", required: true }],
  async run({ values, positionals, io }) {
    const id = positionals[0]!;
    await withKeys(
      values,
      io,
      (keys, store) =>
        audited(
          requirePart(store, "audit"),
          io.env,
          { action: "apikey.revoke", target: printable(id).slice(0, 100) },
          async () => {
            const k = await keys.getApiKey(id);
            if (!k) throw new DnsightError("INPUT", `no API key with id "${printable(id)}"`);
            if (k.revokedAt !== undefined)
              throw new DnsightError(
                "INPUT",
                `API key ${id} was already revoked at ${iso(k.revokedAt)}`,
              );
            await keys.revokeApiKey(id, Math.floor(Date.now() / 1000));
          },
        ),
      { mustExist: true },
    );
    io.stderr.write(`revoked API key ${id}\n`);
    return 0;
  },
});

export const apikeyCommand = defineCommand({
  name: "dnsight apikey",
  description:
    "Manage the API keys of `dnsight serve` (sent as X-API-Key, or HTTP Basic password).",
  subcommands: {
    create: { description: "create a key and print it", load: async () => createCommand },
    list: { description: "list keys (never the keys themselves)", load: async () => listCommand },
    revoke: { description: "revoke a key by id", load: async () => revokeCommand },
  },
});
