// dnstap ingest: files and unidirectional streams (read.ts), a listening collector for
// live resolvers (listener.ts), and the Source adapter for the passive DNS pipeline.
export {
  decodeDnstap,
  isPassiveDnsResponse,
  MESSAGE_TYPES,
  PASSIVE_DNS_RESPONSE_TYPES,
  type DnstapRecord,
  type MessageType,
  type SocketFamily,
  type SocketProtocol,
} from "./dnstap-message.js";
export { encodeDnstap } from "./encode.js";
export {
  DNSTAP_CONTENT_TYPE,
  readFrameStream,
  type DataFrame,
  type FrameStreamOptions,
} from "./frame-streams.js";
export {
  listenDnstap,
  parseListenAddress,
  type DnstapListener,
  type ListenAddress,
  type ListenOptions,
} from "./listener.js";
export { readDnstap, readDnstapPositioned, type DnstapReadOptions } from "./read.js";
export { readDnstapSource } from "./source.js";
