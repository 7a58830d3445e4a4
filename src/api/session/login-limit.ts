import ipaddr from "ipaddr.js";
import { HttpError } from "../http.js";

// Login attempts are rationed per user name and per client address, each a token
// bucket (as src/api/quota.ts rations queries): a burst, then one attempt every
// window/burst seconds. Guessing a password is then slow whatever the attacker
// spreads: many names from one address hit the address's bucket, many addresses on
// one name hit the name's. An IPv6 client is counted by its /64 (RFC 6177: a site
// gets at least that many addresses). The 429 comes before the password is hashed,
// so a flood costs no scrypt.

export interface LoginLimits {
  /** Attempts per window for one user name (0: no limit). */
  loginPerUser: number;
  /** Attempts per window from one client address (0: no limit). */
  loginPerAddress: number;
  /** The window, in seconds. */
  loginWindow: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  loginPerUser: 5,
  loginPerAddress: 20,
  loginWindow: 60,
};

/** Buckets kept at most per kind: a flood of names or addresses cannot grow memory. */
export const BUCKETS_MAX = 10_000;

class Buckets {
  private readonly map = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly size: number,
    private readonly window: number,
    private readonly clock: () => number,
  ) {}

  /** Seconds until `key` has an attempt: 0 when it has one now. */
  wait(key: string): number {
    if (this.size <= 0) return 0;
    const b = this.refill(key);
    return b.tokens >= 1 ? 0 : Math.ceil(((1 - b.tokens) * this.window) / this.size);
  }

  take(key: string): void {
    if (this.size <= 0) return;
    const b = this.refill(key);
    b.tokens -= 1;
    // Most recently used last: the oldest go first when the map is full.
    this.map.delete(key);
    this.map.set(key, b);
    if (this.map.size > BUCKETS_MAX) this.evict();
  }

  private refill(key: string): { tokens: number; at: number } {
    const now = this.clock();
    const b = this.map.get(key) ?? { tokens: this.size, at: now };
    b.tokens = Math.min(this.size, b.tokens + ((now - b.at) / 1000) * (this.size / this.window));
    b.at = now;
    return b;
  }

  /** Full buckets tell nothing and go first; then the least recently used. */
  private evict(): void {
    for (const [k] of this.map) {
      if (this.map.size <= BUCKETS_MAX) return;
      if (this.refill(k).tokens >= this.size) this.map.delete(k);
    }
    for (const [k] of this.map) {
      if (this.map.size <= BUCKETS_MAX) return;
      this.map.delete(k);
    }
  }
}

/** The bucket key of a client address: an IPv4 address, or an IPv6 /64. */
export function addressKey(address: string | undefined): string {
  if (address === undefined || !ipaddr.isValid(address)) return "local";
  let ip = ipaddr.parse(address);
  if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress())
    ip = (ip as ipaddr.IPv6).toIPv4Address();
  if (ip.kind() === "ipv4") return ip.toString();
  return `${(ip as ipaddr.IPv6).parts
    .slice(0, 4)
    .map((p) => p.toString(16))
    .join(":")}::/64`;
}

export class LoginLimiter {
  private readonly users: Buckets;
  private readonly addresses: Buckets;

  constructor(limits: LoginLimits, clock: () => number = () => performance.now()) {
    this.users = new Buckets(limits.loginPerUser, limits.loginWindow, clock);
    this.addresses = new Buckets(limits.loginPerAddress, limits.loginWindow, clock);
  }

  /** Takes an attempt for `user` from `address`, or throws HttpError 429 with Retry-After. */
  admit(user: string, address: string | undefined): void {
    const addr = addressKey(address);
    const wait = Math.max(this.users.wait(user), this.addresses.wait(addr));
    if (wait > 0)
      throw new HttpError(429, "too many login attempts; try again later", {
        "retry-after": String(wait),
      });
    this.users.take(user);
    this.addresses.take(addr);
  }
}
