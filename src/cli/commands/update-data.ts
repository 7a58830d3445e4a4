import { dataDir } from "../../data/data-dir.js";
import { IANA_BOOTSTRAP, updateBootstrap } from "../../data/update-bootstrap.js";
import type { CommandDef } from "../command.js";

export const updateDataCommand: CommandDef = {
  name: "dnsight update-data",
  description:
    "Refresh the data dnsight ships from its sources: the IANA RDAP bootstrap registries. The copy in the data folder is used from then on; the shipped one stays as the fallback.",
  options: {
    from: {
      type: "string",
      value: "URL",
      description: `where the bootstrap files are (default ${IANA_BOOTSTRAP})`,
    },
    "data-dir": {
      type: "string",
      value: "DIR",
      description: "data folder (default $DNSIGHT_DATA_DIR, else ~/.local/share/dnsight)",
    },
    "allow-private": {
      type: "boolean",
      description: "allow a mirror on a private or loopback address",
    },
  },
  examples: ["dnsight update-data", "dnsight update-data --from https://mirror.example/rdap/"],
  async run({ values, io }) {
    const dir = dataDir(values["data-dir"] as string | undefined, io.env);
    const updates = await updateBootstrap(
      dir,
      (values.from as string | undefined) ?? IANA_BOOTSTRAP,
      { allowPrivate: values["allow-private"] === true },
    );
    for (const u of updates)
      io.stdout.write(
        `${dir}/bootstrap/${u.file}: ${u.services} services, published ${u.publication ?? "?"}\n`,
      );
  },
};
