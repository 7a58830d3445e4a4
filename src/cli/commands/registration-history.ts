import { diffRecords } from "../../registration/diff.js";
import { parseTarget, targetKey } from "../../registration/target.js";
import { openStore } from "../../store/open.js";
import { defineCommand } from "../command.js";
import { formatChange } from "../format/registration.js";
import { intOption } from "../options.js";
import { storeOption } from "../store-io.js";
import { isoFromSeconds } from "../../util/time.js";

export const registrationHistoryCommand = defineCommand({
  name: "dnsight registration history",
  description:
    "List the stored registration snapshots of a name, oldest first, with what changed from one to the next.",
  positionals: [{ name: "NAME|IP|ASN", description: "what was looked up", required: true }],
  options: {
    limit: { type: "string", value: "N", description: "only the N newest snapshots" },
    json: {
      type: "boolean",
      description: "one JSON object per snapshot: fetchedAt, record, changes",
    },
  },
  examples: ["dnsight registration history example.com"],
  async run({ values, positionals, io }) {
    const key = targetKey(parseTarget(positionals[0]!));
    const store = await openStore(storeOption(values, io.env), { mustExist: true });
    try {
      const limit = intOption(values.limit, "limit", 1, 1_000_000);
      const snaps =
        (await store.registrations?.listSnapshots(key, limit !== undefined ? { limit } : {})) ?? [];
      if (snaps.length === 0) io.stderr.write(`no snapshots stored for ${key}\n`);
      snaps.forEach((s, i) => {
        const changes = i > 0 ? diffRecords(snaps[i - 1]!.record, s.record) : [];
        const at = isoFromSeconds(s.fetchedAt);
        if (values.json) {
          io.stdout.write(JSON.stringify({ fetchedAt: at, record: s.record, changes }) + "\n");
          return;
        }
        const r = s.record;
        io.stdout.write(
          `${at}  ${r.source.protocol} ${r.source.server}  ${r.status}  registrar ${r.registrar.name ?? "?"}  expires ${r.expires ?? "?"}\n`,
        );
        if (i > 0 && changes.length === 0) io.stdout.write("    (no change)\n");
        for (const c of changes) io.stdout.write(`    ${formatChange(c)}\n`);
      });
    } finally {
      await store.close();
    }
  },
});
