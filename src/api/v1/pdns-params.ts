import { z } from "@hono/zod-openapi";
import type { PdnsRequest } from "../../passive/search.js";
import { parseTimePoint } from "../../passive/time-fence.js";
import { flag, timePoint } from "./schemas.js";

// The query parameters every passive-DNS route takes: the CLI's `dnsight pdns`
// options, one for one, turned into the PdnsRequest the library reads.

export const pdnsQueryFields = {
  query: z.string().min(1).max(1024).openapi({
    description: "A name, *.name, name.*, an IP address, a prefix (192.0.2.0/24) or a range (a-b)",
    example: "www.example.com",
  }),
  rdata: flag("Search names inside record data (CNAME, NS, MX... targets)"),
  rrtype: z
    .string()
    .max(16)
    .optional()
    .openapi({ description: "Only this record type (ANY for all)", example: "A" }),
  bailiwick: z
    .string()
    .max(255)
    .optional()
    .openapi({ description: "Only records served from this zone" }),
  sensor: z.string().max(255).optional().openapi({ description: "Only records from this sensor" }),
  after: timePoint("Seen at or after this time (ISO date or time, epoch seconds, or an age: 7d)"),
  before: timePoint("Seen at or before this time"),
  strict: flag("Only records seen completely inside the after/before window"),
};

export type PdnsQuery = z.output<z.ZodObject<typeof pdnsQueryFields>>;

/** The library request of validated parameters; times read against `now` (epoch seconds). */
export function toPdnsRequest(q: PdnsQuery, now: number): PdnsRequest {
  const r: PdnsRequest = { query: q.query };
  if (q.rdata) r.rdata = true;
  if (q.rrtype !== undefined) r.rrtype = q.rrtype;
  if (q.bailiwick !== undefined) r.bailiwick = q.bailiwick;
  if (q.sensor !== undefined) r.sensorId = q.sensor;
  if (q.after !== undefined || q.before !== undefined || q.strict) {
    r.fence = { strict: q.strict };
    if (q.after !== undefined) r.fence.after = parseTimePoint(q.after, now, "after");
    if (q.before !== undefined) r.fence.before = parseTimePoint(q.before, now, "before");
  }
  return r;
}
