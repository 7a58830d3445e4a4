import { z } from "@hono/zod-openapi";
import { normaliseType } from "../../dns/wire/types.js";

// The DNS result of `dnsight lookup --json` (src/dns/result.ts) and the per-server
// answers of `lookup --authoritative` (src/dns/authoritative.ts), as the API shows
// them, and the `type` parameter both take.

const RecordSchema = z
  .object({
    name: z.string().openapi({ example: "example.com" }),
    type: z.string().openapi({ example: "A" }),
    class: z.string().openapi({ example: "IN" }),
    ttl: z.number().int(),
    data: z.string().openapi({ description: "RDATA as dig prints it", example: "192.0.2.1" }),
  })
  .openapi("DnsRecord");

const flags = z.object({
  aa: z.boolean(),
  tc: z.boolean(),
  rd: z.boolean(),
  ra: z.boolean(),
  ad: z.boolean(),
  cd: z.boolean(),
});

const resultFields = {
  name: z.string().openapi({ example: "example.com" }),
  type: z.string().openapi({ example: "A" }),
  status: z.string().openapi({
    description:
      "The RCODE (NOERROR, NXDOMAIN, SERVFAIL...), or TIMEOUT / ERROR when no answer came",
    example: "NOERROR",
  }),
  flags,
  answers: z.array(RecordSchema),
  authorities: z.array(RecordSchema),
  additionals: z.array(RecordSchema),
  resolver: z.string().openapi({ description: "The server asked", example: "192.0.2.53:53" }),
  protocol: z.string().openapi({ example: "udp" }),
  timestamp: z.string().openapi({ description: "ISO 8601 UTC" }),
  durationMs: z.number(),
  error: z.string().optional(),
};

export const DnsResultSchema = z.object(resultFields).openapi("DnsResult");

export const AuthAnswerSchema = z
  .object({
    ...resultFields,
    nameserver: z
      .string()
      .openapi({ description: "The NS name this address is of", example: "ns1.example.net" }),
    issues: z.array(z.string()).openapi({
      description:
        "What is wrong with this server's answer (lame, no answer, disagrees...); empty when nothing is",
    }),
    disagrees: z.boolean().openapi({ description: "Its data differs from the other servers'" }),
  })
  .openapi("AuthoritativeAnswer");

export const AuthReportSchema = z
  .object({
    type: z.string().openapi({ example: "A" }),
    zone: z.string().openapi({ example: "example.com" }),
    nameservers: z.array(z.string()),
    consistent: z.boolean().openapi({
      description: "Every server answered, authoritatively, the same data",
    }),
    answers: z.array(AuthAnswerSchema).openapi({ description: "One per server address asked" }),
  })
  .openapi("AuthoritativeReport");

/** Types asked at most in one call. */
const MAX_TYPES = 16;

/** `type`, repeated or comma-separated: record types as mnemonics or TYPEnnn, zone transfers refused. */
export const typesParam = (fallback: readonly string[]) =>
  z
    .union([z.string().max(256), z.array(z.string().max(256)).max(MAX_TYPES)])
    .optional()
    .transform((v) => (v === undefined ? [] : typeof v === "string" ? [v] : v))
    .transform((vs) =>
      vs
        .flatMap((v) => v.split(","))
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .refine((vs) => vs.length <= MAX_TYPES, { message: `at most ${MAX_TYPES} types` })
    .refine((vs) => vs.every((v) => normaliseType(v) !== undefined), {
      message: "a record type (A, MX, TYPE65534...)",
    })
    .transform((vs) => [...new Set(vs.map((v) => normaliseType(v)!))])
    .refine((vs) => !vs.some((v) => v === "AXFR" || v === "IXFR"), {
      message: "zone transfers (AXFR, IXFR) are not asked here",
    })
    .openapi({
      description: `Record types (repeat, or comma-separate; default ${fallback.join(", ")}; PTR for an IP)`,
      example: "A",
    });
