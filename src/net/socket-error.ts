// One line for a socket error. Node 20 reports a lost happy-eyeballs race (every
// address of a name refused or timed out) as an AggregateError whose own message
// is empty; the line then lists what each attempt said.

export function socketErrorText(e: Error): string {
  if (e instanceof AggregateError && e.errors.length > 0)
    return [...new Set(e.errors.map((x: unknown) => (x as Error).message))].join("; ");
  return e.message || (e as NodeJS.ErrnoException).code || "connection failed";
}
