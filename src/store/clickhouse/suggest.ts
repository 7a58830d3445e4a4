// Names that start with typed text, for the search box: a range of `owner_names`'
// primary key (each name once per month there, made distinct here), so a name with a
// million rows costs what a name with one does.
import { DnsightError } from "../../errors.js";
import type { ClickHouseClient } from "./http-client.js";
import type { Tables } from "./tables.js";

export async function suggestNames(
  ch: ClickHouseClient,
  prefix: string,
  limit: number,
  tables: Tables,
): Promise<string[]> {
  if (
    typeof prefix !== "string" ||
    prefix === "" ||
    !Number.isInteger(limit) ||
    limit < 1 ||
    limit > 100
  )
    throw new DnsightError("INPUT", "suggest: a prefix and a limit from 1 to 100 are needed");
  const rows = await ch.query<{ name: string }>(
    `SELECT DISTINCT name FROM ${tables.read("owner_names")} WHERE name >= {p:String} AND startsWith(name, {p:String})` +
      ` ORDER BY name LIMIT ${limit}`,
    { params: { p: prefix } },
  );
  return rows.map((r) => r.name);
}
