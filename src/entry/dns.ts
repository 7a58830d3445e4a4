// `dnsight/dns`: the DNS client (UDP with TCP fallback, retries, EDNS) and the
// wire codec, for code that asks DNS itself.
export { StubClient, type StubOptions, type Exchange, type Protocol } from "../dns/client/stub.js";
export {
  endpointOf,
  endpointText,
  parseServerSpec,
  type Endpoint,
} from "../dns/client/endpoint.js";
export {
  decodeMessage,
  encodeMessage,
  type DnsMessage,
  type MessageInput,
  type ResourceRecord,
  type Question,
} from "../dns/wire/message.js";
