import { DnsightError } from "../../errors.js";
import type { Db } from "./_db.js";

// Secrets every process on this state must agree on (the key of the web UI's CSRF
// tokens), made by the first process that asks and kept in the state: the first
// INSERT wins (ON CONFLICT DO NOTHING), and every caller reads back the stored bytes,
// so two servers starting at once still end up with one secret.

const NAME = /^[a-z][a-z0-9-]{0,63}$/;

export function pgSharedSecret(db: Db) {
  const read = async (name: string): Promise<Buffer | undefined> =>
    (
      await db.run<{ value: Buffer }>(
        `read the secret ${name}`,
        "SELECT value FROM shared_secrets WHERE name = $1",
        [name],
      )
    )[0]?.value;

  return async (name: string, make: () => Buffer): Promise<Buffer> => {
    if (!NAME.test(name)) throw new DnsightError("INPUT", `secret name ${JSON.stringify(name)}`);
    const found = await read(name);
    if (found) return found;
    await db.run(
      `store the secret ${name}`,
      "INSERT INTO shared_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
      [name, make(), Math.floor(Date.now() / 1000)],
    );
    const stored = await read(name);
    if (!stored) throw new DnsightError("STORE", `the secret ${name} was not kept in ${db.where}`);
    return stored;
  };
}
