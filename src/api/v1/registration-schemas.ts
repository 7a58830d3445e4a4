import { z } from "@hono/zod-openapi";

// The registration record (src/model/registration.ts) as the API shows it: one shape
// for a domain, an IP network or an AS number, from RDAP or WHOIS. Every text field
// is what the registry sent, untrusted: a client shows it as text.

const ContactSchema = z
  .object({
    role: z.string().openapi({ example: "registrant" }),
    handle: z.string().optional(),
    name: z.string().optional(),
    organization: z.string().optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
    street: z.array(z.string()).optional(),
    city: z.string().optional(),
    postalCode: z.string().optional(),
    region: z.string().optional(),
    country: z.string().optional(),
    redacted: z.array(z.string()),
  })
  .openapi("RegistrationContact");

const NetworkSchema = z
  .object({
    kind: z.enum(["ip", "asn"]),
    start: z.string().openapi({ example: "192.0.2.0" }),
    end: z.string(),
    cidrs: z.array(z.string()),
    handle: z.string().optional(),
    name: z.string().optional(),
    type: z.string().optional(),
    country: z.string().optional(),
    organization: z.string().optional(),
    parentHandle: z.string().optional(),
  })
  .openapi("RegistrationNetwork");

export const RegistrationRecordSchema = z
  .object({
    domain: z.string().openapi({ example: "example.com" }),
    status: z.enum(["registered", "available", "reserved", "throttled", "unknown"]),
    eppStatus: z.array(z.string()).openapi({ example: ["clientTransferProhibited"] }),
    rawStatus: z.array(z.string()),
    created: z.string().optional().openapi({ description: "ISO 8601 UTC" }),
    updated: z.string().optional(),
    expires: z.string().optional(),
    registrar: z.object({
      name: z.string().optional(),
      ianaId: z.string().optional(),
      handle: z.string().optional(),
      url: z.string().optional(),
      whoisServer: z.string().optional(),
      abuseEmail: z.string().optional(),
      abusePhone: z.string().optional(),
    }),
    contacts: z.array(ContactSchema),
    nameservers: z.array(
      z.object({ name: z.string(), ipv4: z.array(z.string()), ipv6: z.array(z.string()) }),
    ),
    dnssec: z.object({ signed: z.boolean(), ds: z.array(z.string()) }),
    privacy: z.object({ protected: z.boolean(), service: z.string().optional() }),
    network: NetworkSchema.optional(),
    source: z.object({
      protocol: z.enum(["rdap", "whois"]),
      server: z.string(),
      fetchedAt: z.string(),
      referrals: z.array(z.string()),
    }),
    truncated: z.array(z.string()).optional(),
  })
  .openapi("RegistrationRecord");

export const SnapshotSchema = z
  .object({
    key: z.string().openapi({
      description: "What was looked up: a domain, an IP address, or an AS number (as64500)",
      example: "example.com",
    }),
    fetchedAt: z.number().int().openapi({ description: "Epoch seconds" }),
    source: z.enum(["rdap", "whois"]),
    record: RegistrationRecordSchema,
  })
  .openapi("RegistrationSnapshot");

const ValueSchema = z.union([z.string(), z.array(z.string()), z.boolean()]);

export const DiffSchema = z
  .object({
    from: z.number().int().openapi({ description: "fetchedAt of the older snapshot" }),
    to: z.number().int().openapi({ description: "fetchedAt of the newer snapshot" }),
    changes: z.array(
      z.object({
        field: z.string().openapi({ example: "registrar.name" }),
        change: z.string().openapi({
          description: "added, removed, changed, moved earlier/later, switched on/off, signed...",
        }),
        before: ValueSchema.optional(),
        after: ValueSchema.optional(),
      }),
    ),
  })
  .openapi("RegistrationDiff");
