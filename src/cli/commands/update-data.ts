import { dataDir } from "../../data/data-dir.js";
import { IANA_BOOTSTRAP, updateBootstrap } from "../../data/update-bootstrap.js";
import { IP_DATA_BASE, updateIpData } from "../../data/update-ip-data.js";
import type { CommandDef } from "../command.js";
import { allowPrivateOption, allowPrivateSpec } from "../registration-options.js";

export const updateDataCommand: CommandDef = {
  name: "dnsight update-data",
  description:
    "Refresh the data dnsight ships from its sources: the IANA RDAP bootstrap registries, and the IP → AS number / country tables (@ip-location-db). The copies in the data folder are used from then on; the shipped ones stay as the fallback. Each set is replaced whole or not at all.",
  options: {
    from: {
      type: "string",
      value: "URL",
      description: `where the bootstrap files are (default ${IANA_BOOTSTRAP})`,
    },
    "ip-from": {
      type: "string",
      value: "URL",
      description: `where the IP tables are, as PACKAGE/FILE below it (default ${IP_DATA_BASE})`,
    },
    "no-ip": { type: "boolean", description: "leave the IP tables alone" },
    "data-dir": {
      type: "string",
      value: "DIR",
      description: "data folder (default $DNSIGHT_DATA_DIR, else ~/.local/share/dnsight)",
    },
    "allow-private": allowPrivateSpec("the sources"),
  },
  examples: [
    "dnsight update-data",
    "dnsight update-data --from https://mirror.example/rdap/",
    "dnsight update-data --from http://10.1.2.3/rdap/ --ip-from http://10.1.2.3/npm/ --allow-private 10.1.2.3",
  ],
  async run({ values, io }) {
    const dir = dataDir(values["data-dir"] as string | undefined, io.env);
    const allow = allowPrivateOption(values);
    const updates = await updateBootstrap(
      dir,
      (values.from as string | undefined) ?? IANA_BOOTSTRAP,
      allow,
    );
    for (const u of updates)
      io.stdout.write(
        `${dir}/bootstrap/${u.file}: ${u.services} services, published ${u.publication ?? "?"}\n`,
      );
    if (values["no-ip"] !== true) {
      const ip = await updateIpData(
        dir,
        (values["ip-from"] as string | undefined) ?? IP_DATA_BASE,
        allow,
      );
      for (const u of ip) io.stdout.write(`${dir}/ip/${u.file}: ${u.ranges} ranges\n`);
    }
  },
};
