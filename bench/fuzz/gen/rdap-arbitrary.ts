import fc from "fast-check";
import { STRINGS, type Json } from "./rdap-tree.js";

// RDAP-shaped trees from fast-check: an object of one of the classes parseRdap reads, with
// entities (nested, with jCards), events, name servers, DS data and links.

/** RDAP-shaped trees: an object of the three classes, entities with jCards, events. */
export const rdapArbitrary = (): fc.Arbitrary<Json> => {
  const str = fc.oneof(fc.constantFrom(...STRINGS), fc.string({ maxLength: 20 }));
  const vcard = fc.tuple(
    fc.constant("vcard"),
    fc.array(
      fc.tuple(
        fc.constantFrom("version", "fn", "org", "adr", "email", "tel", "kind"),
        fc.constant({}),
        fc.constantFrom("text", "uri"),
        fc.oneof(str, fc.array(str, { maxLength: 7 })),
      ),
      { maxLength: 6 },
    ),
  );
  const { entity } = fc.letrec((tie) => ({
    entity: fc.record(
      {
        objectClassName: fc.constant("entity"),
        handle: str,
        roles: fc.array(
          fc.constantFrom("registrar", "registrant", "abuse", "technical", "administrative"),
          { maxLength: 2 },
        ),
        vcardArray: vcard,
        entities: fc.array(tie("entity"), { maxLength: 2, depthIdentifier: "e" }),
      },
      { requiredKeys: [] },
    ),
  }));
  const event = fc.record({
    eventAction: fc.constantFrom("registration", "expiration", "last changed", "x"),
    eventDate: str,
  });
  return fc.record(
    {
      objectClassName: fc.constantFrom("domain", "ip network", "autnum", "entity", "nameserver"),
      ldhName: str,
      handle: str,
      status: fc.array(str, { maxLength: 4 }),
      entities: fc.array(entity, { maxLength: 3 }),
      events: fc.array(event, { maxLength: 3 }),
      nameservers: fc.array(
        fc.record({
          ldhName: str,
          ipAddresses: fc.record({
            v4: fc.array(fc.ipV4(), { maxLength: 2 }),
            v6: fc.array(fc.ipV6(), { maxLength: 2 }),
          }),
        }),
        { maxLength: 4 },
      ),
      secureDNS: fc.record({
        delegationSigned: fc.boolean(),
        dsData: fc.array(
          fc.record({
            keyTag: fc.nat(65535),
            algorithm: fc.nat(255),
            digestType: fc.nat(255),
            digest: fc.string({ unit: fc.constantFrom(..."0123456789ABCDEF"), maxLength: 40 }),
          }),
          { maxLength: 2 },
        ),
      }),
      startAddress: fc.oneof(fc.ipV4(), fc.ipV6()),
      endAddress: fc.oneof(fc.ipV4(), fc.ipV6()),
      ipVersion: fc.constantFrom("v4", "v6"),
      startAutnum: fc.nat(),
      endAutnum: fc.nat(),
      links: fc.array(
        fc.record({
          rel: fc.constantFrom("related", "self"),
          href: fc.webUrl(),
          type: fc.constantFrom("application/rdap+json", "text/html"),
        }),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<Json>;
};
