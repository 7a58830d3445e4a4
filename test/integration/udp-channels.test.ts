// The UDP channel contract (_channel-contract.ts) against both implementations: the
// node:dgram fallback, and the batched native addon. CI builds the addon (npm test
// runs npm run build), so on Linux a missing addon fails here rather than skipping.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mmsgAddon, type MmsgAddon } from "../../src/dns/client/mmsg-addon.js";
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
    let addon: MmsgAddon | undefined;
    let failure: unknown;
    try {
      addon = mmsgAddon("mmsg");
    } catch (e) {
      failure = e;
    }
    // A failing test, not a skip: on Linux the addon must be there (npm run build).
    it("loads the addon", () => {
      if (failure !== undefined) throw failure;
      assert.equal(typeof addon?.open, "function");
    });
    if (addon !== undefined)
      channelContract((ep, o) => new MmsgChannel(addon, ep, o), { drainsBeforeTimeout: true });
  },
);
