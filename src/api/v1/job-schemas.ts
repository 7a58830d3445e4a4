import { z } from "@hono/zod-openapi";
import { toQueryName } from "../../dns/input-name.js";
import { normaliseType } from "../../dns/wire/types.js";
import { isDnsightError } from "../../errors.js";
import { printable } from "../../util/printable.js";

// The job as the API shows it (src/api/jobs.ts), and what starts one: the query of
// an upload, the body of a bulk resolve.

export const RESOLVE_NAMES_MAX = 100_000;
export const RESOLVE_TYPES_MAX = 16;
/** 100,000 names of up to 253 characters, quoted, with room for escapes: a JSON body of at most this. */
export const RESOLVE_BODY_MAX = 32 << 20;
export const UPLOAD_FORMATS = ["pcap", "zeek", "cof"] as const;

export const JobSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["ingest", "resolve"]),
    state: z.enum(["queued", "running", "done", "failed", "cancelled"]),
    createdBy: z.string().openapi({ description: "user:NAME, or key:ID for a key of no user" }),
    createdAt: z.number().int().openapi({ description: "Epoch milliseconds" }),
    startedAt: z.number().int().optional(),
    finishedAt: z.number().int().optional(),
    progress: z.object({
      done: z.number().int(),
      total: z.number().int().optional(),
      unit: z.enum(["bytes", "names"]),
    }),
    result: z.record(z.string(), z.number()).optional().openapi({
      description:
        "ingest: bytes, items, observations, rowsWritten, alerts; resolve: names, answered, failed, observations",
    }),
    error: z.string().optional().openapi({ description: "Why it failed" }),
  })
  .openapi("Job");

export const JobAnswer = z.object({ job: JobSchema });

export const IngestQuery = z.object({
  format: z
    .enum(UPLOAD_FORMATS)
    .openapi({ description: "What the body is", example: "pcap", param: { required: true } }),
  sensor: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, { error: "printable ASCII, no spaces" })
    .optional()
    .openapi({ description: "The sensor the observations are stored under" }),
});

export const JobIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, example: "Vq3Zb0rJ5m2kq9sB" }),
});

export const ResolveBody = z
  .strictObject({
    names: z
      .array(z.string().max(1024))
      .min(1, { error: "at least one name" })
      .max(RESOLVE_NAMES_MAX, { error: `at most ${RESOLVE_NAMES_MAX} names` })
      .superRefine((list, ctx) => {
        for (const [i, text] of list.entries())
          try {
            toQueryName(text);
          } catch (e) {
            ctx.addIssue({
              code: "custom",
              path: [i],
              message: `name ${i}: ${isDnsightError(e) ? e.message : "not a domain name"}`,
            });
            return;
          }
      })
      .openapi({ description: `1 to ${RESOLVE_NAMES_MAX} names`, example: ["www.example.com"] }),
    types: z
      .array(z.string().max(16))
      .max(RESOLVE_TYPES_MAX)
      .default(["A"])
      .transform((list, ctx) => {
        const out: string[] = [];
        for (const [i, t] of list.entries()) {
          const n = normaliseType(t);
          if (n === undefined) {
            ctx.addIssue({
              code: "custom",
              path: [i],
              message: `type ${i}: unknown record type "${printable(t)}" (a mnemonic or TYPEnnn)`,
            });
            return z.NEVER;
          }
          if (!out.includes(n)) out.push(n);
        }
        return out.length > 0 ? out : ["A"];
      })
      .openapi({ description: "Record types (default A)", example: ["A", "AAAA"] }),
  })
  .openapi("ResolveJob", { example: { names: ["www.example.com"], types: ["A"] } });
