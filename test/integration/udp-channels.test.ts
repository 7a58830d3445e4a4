// The UDP channel contract (_channel-contract.ts) against both implementations: the
// node:dgram fallback, and the batched native addon. CI builds the addon (npm test
// runs npm run build), so on Linux a missing addon fails here rather than skipping.
import { describe } from "node:test";
import { mmsgAddon } from "../../src/dns/client/mmsg-addon.js";
import { MmsgChannel } from "../../src/dns/client/mmsg-channel.js";
import { UdpChannel } from "../../src/dns/client/udp-channel.js";
import { channelContract } from "./_channel-contract.js";

describe("UdpChannel (node:dgram)", () => {
  channelContract((ep, o) => new UdpChannel(ep, o));
});

const linux = process.platform === "linux";
describe(
  "MmsgChannel (native/udp-mmsg)",
  { skip: linux ? false : `recvmmsg/sendmmsg need Linux, this is ${process.platform}` },
  () => {
    if (!linux) return;
    // Throws when the addon cannot be loaded: run `npm run build` first.
    const addon = mmsgAddon("mmsg")!;
    channelContract((ep, o) => new MmsgChannel(addon, ep, o));
  },
);
