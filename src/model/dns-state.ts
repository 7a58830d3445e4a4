// One look at a watched domain's DNS, as the analytics compare it pass to pass: the
// delegation (NS set, DS) as the resolver or parent gives it, the zone's data (SOA,
// DNSKEY, addresses, CNAMEs of the apex and of known subdomains) from its own
// servers, and what each authoritative server says on its own.

export interface ServerView {
  nameserver: string;
  address: string;
  /** NOERROR, REFUSED, TIMEOUT, ... of its SOA answer; NOADDRESS, or NXDOMAIN when its own name does not exist. */
  status: string;
  aa: boolean;
  soaSerial?: number;
  /** The apex A set it serves (sorted). */
  a: string[];
}

export interface HostView {
  name: string;
  a: string[];
  aaaa: string[];
  /** The CNAME target, when the name is an alias. */
  cname?: string;
  /** How the target resolves (NOERROR, NXDOMAIN, ...), when there is one. */
  cnameStatus?: string;
  /** The lowest TTL of its address records. */
  ttl?: number;
}

export interface DnsState {
  name: string;
  zone: string;
  /** NS names of the delegation, sorted. */
  ns: string[];
  soaPrimary?: string;
  soaSerial?: number;
  /** DS at the parent and DNSKEY at the zone, presentation form, sorted. */
  ds: string[];
  dnskey: string[];
  /** MX targets of the apex, sorted. */
  mx: string[];
  /** The apex first, then its in-zone name and mail servers, then the subdomains asked about. */
  hosts: HostView[];
  servers: ServerView[];
  /** The apex addresses the resolver gives, when it answers (a recursive resolver does). */
  recursive?: string[];
  /** What could not be looked at, and why. */
  errors: string[];
}
