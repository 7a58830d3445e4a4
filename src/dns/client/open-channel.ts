import type { ChannelOptions, DnsChannel } from "./channel.js";
import type { Endpoint } from "./endpoint.js";
import { mmsgAddon } from "./mmsg-addon.js";
import { MmsgChannel } from "./mmsg-channel.js";
import { UdpChannel } from "./udp-channel.js";

/**
 * A channel for bulk traffic: batched through the native addon when it is built
 * (and DNSIGHT_UDP does not say "dgram"), node:dgram otherwise.
 */
export function openBulkChannel(endpoint: Endpoint, options: ChannelOptions = {}): DnsChannel {
  const addon = mmsgAddon();
  return addon ? new MmsgChannel(addon, endpoint, options) : new UdpChannel(endpoint, options);
}
