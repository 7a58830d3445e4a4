import { openStore } from "../../store/open.js";
import { requirePart } from "../../store/require-part.js";
import type { UserInfo } from "../../store/types.js";
import { isoFromSeconds } from "../../util/time.js";
import { defineCommand } from "../command.js";
import { renderTable } from "../format/table.js";
import { storeOption } from "../store-io.js";

// `dnsight user list`: who may use `dnsight serve`, with how many live API keys each.

export const userListCommand = defineCommand({
  name: "dnsight user list",
  description:
    "List users: name, role, created, active or disabled, and how many unrevoked API keys they have. Never a password.",
  options: { json: { type: "boolean", description: "one JSON object per line" } },
  async run({ values, io }) {
    const store = await openStore(storeOption(values, io.env), { mustExist: true });
    let list: Array<UserInfo & { keys: number }>;
    try {
      const users = await requirePart(store, "users").listUsers();
      const keys = await requirePart(store, "apiKeys").listApiKeys();
      const live = new Map<string, number>();
      for (const k of keys)
        if (k.user !== undefined && k.revokedAt === undefined)
          live.set(k.user, (live.get(k.user) ?? 0) + 1);
      list = users.map((u) => ({ ...u, keys: live.get(u.name) ?? 0 }));
    } finally {
      await store.close();
    }
    if (values.json === true) {
      io.stdout.write(
        list
          .map(
            (u) =>
              JSON.stringify({
                name: u.name,
                role: u.role,
                created: isoFromSeconds(u.createdAt),
                disabled: u.disabled,
                keys: u.keys,
              }) + "\n",
          )
          .join(""),
      );
      return 0;
    }
    io.stdout.write(
      renderTable(
        list,
        [
          { header: "NAME", value: (u) => u.name },
          { header: "ROLE", value: (u) => u.role },
          { header: "CREATED", value: (u) => isoFromSeconds(u.createdAt) },
          {
            header: "STATUS",
            value: (u) => (u.disabled ? "disabled" : "active"),
            colour: (v) => (v === "active" ? "green" : "dim"),
          },
          { header: "KEYS", value: (u) => String(u.keys) },
        ],
        io,
      ),
    );
    if (list.length === 0)
      io.stderr.write("no users; add one with 'dnsight user add NAME --role admin'\n");
    return 0;
  },
});
