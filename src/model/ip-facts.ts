// What is known of an IP address offline (enrich/ builds it from the AS and country
// tables; the host analytics compare it pass to pass).

export interface IpFacts {
  asn?: number;
  asnOrg?: string;
  country?: string;
}

export type IpLookup = (ip: string) => IpFacts | undefined;
