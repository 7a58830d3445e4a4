import { requirePart } from "../../store/require-part.js";
import { DnsightError } from "../../errors.js";
import { openStore } from "../../store/open.js";
import { WATCH_KINDS, type Store, type Watch, type WatchKind } from "../../store/types.js";
import { addToWatchlist, removeFromWatchlist } from "../../flows/watchlist.js";
import { renderTable, type Column } from "../format/table.js";
import {
  defineCommand,
  type GLOBAL_OPTIONS,
  type CommandIO,
  type OptionValues,
} from "../command.js";
import { storeOption } from "../store-io.js";
import { isoFromSeconds } from "../../util/time.js";

// `dnsight watch add|rm|list`: the names `dnsight monitor` checks.

async function withStore<T>(
  values: OptionValues<typeof GLOBAL_OPTIONS>,
  io: CommandIO,
  fn: (s: Store) => Promise<T>,
  o: { mustExist?: boolean } = {},
): Promise<T> {
  const store: Store = await openStore(storeOption(values, io.env), o);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const addCommand = defineCommand({
  name: "dnsight watch add",
  description:
    "Watch names: owned ones for hijack and DNS-server changes (T1584.001/.002), brands for lookalikes (T1583.001), third parties for their infrastructure.",
  options: {
    kind: {
      type: "string",
      value: "owned|brand|third-party",
      description: "what the name is to you (default owned)",
    },
    owned: {
      type: "string",
      value: "LIST",
      description:
        "for a brand: its other domains, comma-separated (never reported as lookalikes, and imitated like it); replaces the list",
    },
  },
  positionals: [{ name: "NAME", description: "domain names", required: true, variadic: true }],
  examples: [
    "dnsight watch add example.com example.net",
    "dnsight watch add paypal.com --kind brand",
    "dnsight watch add github.com --kind brand --owned githubusercontent.com,githubassets.com",
  ],
  async run({ values, positionals, io }) {
    const kind = (values.kind as string | undefined) ?? "owned";
    if (!(WATCH_KINDS as readonly string[]).includes(kind))
      throw new DnsightError("USAGE", `--kind must be owned, brand or third-party, got "${kind}"`);
    let owned: string[] | undefined;
    if (typeof values.owned === "string") {
      if (kind !== "brand")
        throw new DnsightError("USAGE", `--owned is for brands (--kind brand), not ${kind} names`);
      owned = values.owned
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean);
    }
    const r = await withStore(values, io, (s) =>
      addToWatchlist(
        s,
        { names: positionals, kind: kind as WatchKind, ...(owned ? { owned } : {}) },
        Math.floor(Date.now() / 1000),
      ),
    );
    const added = new Set(r.added);
    const names = r.watches.map((w) => w.name);
    for (const n of names)
      io.stderr.write(
        `${added.has(n) ? "watching" : "now watching as " + kind}: ${n}${added.has(n) ? ` (${kind})` : ""}\n`,
      );
    return 0;
  },
});

const listCommand = defineCommand({
  name: "dnsight watch list",
  description: "List watched names: name, kind, when added, a brand's owned domains.",
  options: { json: { type: "boolean", description: "one JSON object per line" } },
  async run({ values, io }) {
    const list = await withStore(values, io, (s) => requirePart(s, "watches").listWatches(), {
      mustExist: true,
    });
    if (values.json !== true) {
      const columns: Column<Watch>[] = [
        { header: "NAME", value: (w) => w.name },
        { header: "KIND", value: (w) => w.kind },
        { header: "ADDED", value: (w) => isoFromSeconds(w.addedAt) },
      ];
      // A brand's owned domains, when any brand has them.
      if (list.some((w) => w.owned?.length))
        columns.push({ header: "OWNED", value: (w) => (w.owned ?? []).join(",") });
      io.stdout.write(renderTable(list, columns, io));
      if (list.length === 0)
        io.stderr.write("nothing watched; add names with 'dnsight watch add NAME'\n");
      return 0;
    }
    io.stdout.write(
      list
        .map((w) =>
          values.json === true
            ? JSON.stringify({
                name: w.name,
                kind: w.kind,
                added: isoFromSeconds(w.addedAt),
                owned: w.owned ?? [],
              })
            : `${w.name}\t${w.kind}\t${isoFromSeconds(w.addedAt)}`,
        )
        .map((l) => `${l}\n`)
        .join(""),
    );
    if (list.length === 0 && values.json !== true)
      io.stderr.write("nothing watched; add names with 'dnsight watch add NAME'\n");
    return 0;
  },
});

const rmCommand = defineCommand({
  name: "dnsight watch rm",
  description: "Stop watching names (their alerts stay).",
  positionals: [{ name: "NAME", description: "watched names", required: true, variadic: true }],
  async run({ values, positionals, io }) {
    const { removed, missing } = await withStore(
      values,
      io,
      (s) => removeFromWatchlist(s, positionals),
      { mustExist: true },
    );
    for (const n of removed) io.stderr.write(`no longer watching ${n}\n`);
    if (missing.length > 0) throw new DnsightError("INPUT", `not watched: ${missing.join(", ")}`);
    return 0;
  },
});

export const watchCommand = defineCommand({
  name: "dnsight watch",
  description: "The watchlist `dnsight monitor` works through.",
  subcommands: {
    add: { description: "watch names", load: async () => addCommand },
    list: { description: "list watched names", load: async () => listCommand },
    rm: { description: "stop watching names", load: async () => rmCommand },
  },
});
