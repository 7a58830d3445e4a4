import { ipv4ToText, ipv6ToInetNtopText } from "../../../net/ip.js";
import { WireReader } from "../../../dns/wire/reader.js";
import { ProtoReader, WireType, type ProtoContext, type ProtoField } from "./protobuf.js";

// dnstap.proto (https://github.com/dnstap/dnstap.pb), proto2. Field numbers and enums
// are the schema's; unknown fields are skipped, and so are unknown values of optional
// enums, as proto2 keeps those as unknown fields. Addresses become text, query_zone a
// presentation name; DNS messages stay raw for the consumer.

export const MESSAGE_TYPES = [
  "AUTH_QUERY",
  "AUTH_RESPONSE",
  "RESOLVER_QUERY",
  "RESOLVER_RESPONSE",
  "CLIENT_QUERY",
  "CLIENT_RESPONSE",
  "FORWARDER_QUERY",
  "FORWARDER_RESPONSE",
  "STUB_QUERY",
  "STUB_RESPONSE",
  "TOOL_QUERY",
  "TOOL_RESPONSE",
  "UPDATE_QUERY",
  "UPDATE_RESPONSE",
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const SOCKET_FAMILIES = ["INET", "INET6"] as const;
export type SocketFamily = (typeof SOCKET_FAMILIES)[number];

export const SOCKET_PROTOCOLS = [
  "UDP",
  "TCP",
  "DOT",
  "DOH",
  "DNSCryptUDP",
  "DNSCryptTCP",
  "DOQ",
] as const;
export type SocketProtocol = (typeof SOCKET_PROTOCOLS)[number];

export const HTTP_PROTOCOLS = ["HTTP1", "HTTP2", "HTTP3"] as const;
export type HttpProtocol = (typeof HTTP_PROTOCOLS)[number];

export interface DnstapRecord {
  identity?: string;
  version?: string;
  extra?: Uint8Array;
  messageType: MessageType;
  socketFamily?: SocketFamily;
  socketProtocol?: SocketProtocol;
  queryAddress?: string;
  responseAddress?: string;
  queryPort?: number;
  responsePort?: number;
  /** Epoch milliseconds, fractional: a double keeps about a quarter microsecond of the nanoseconds. */
  queryTime?: number;
  responseTime?: number;
  /** DNS wire format, as the sensor saw it. */
  queryMessage?: Uint8Array;
  responseMessage?: Uint8Array;
  /** The zone (bailiwick) the resolver sent the query to, absolute ("example.com."). */
  queryZone?: string;
  httpProtocol?: HttpProtocol;
}

/**
 * Responses that feed passive DNS: what resolvers heard from authoritative servers
 * (RESOLVER_RESPONSE, the classic feed, with query_zone as bailiwick), what an
 * authoritative server answered (AUTH_RESPONSE), what clients got (CLIENT_RESPONSE) and
 * what forwarders heard upstream (FORWARDER_RESPONSE).
 */
export const PASSIVE_DNS_RESPONSE_TYPES: ReadonlySet<MessageType> = new Set([
  "RESOLVER_RESPONSE",
  "AUTH_RESPONSE",
  "CLIENT_RESPONSE",
  "FORWARDER_RESPONSE",
]);

export function isPassiveDnsResponse(r: Pick<DnstapRecord, "messageType">): boolean {
  return PASSIVE_DNS_RESPONSE_TYPES.has(r.messageType);
}

/** enum value (1-based in dnstap.proto) to its name; undefined when unknown. */
const enumName = <T>(names: readonly T[], n: number): T | undefined => names[n - 1];

const text = (b: Uint8Array): string => Buffer.from(b).toString("utf8");
/** A plain Uint8Array copy, so that a record does not pin the frame's (or socket's) buffer. */
const copy = (b: Uint8Array): Uint8Array => new Uint8Array(b);

/**
 * Decodes one Dnstap frame payload. Returns undefined for a frame that carries no
 * Message (a Dnstap type other than MESSAGE, which the schema reserves for the future).
 */
export function decodeDnstap(payload: Uint8Array, ctx: ProtoContext): DnstapRecord | undefined {
  const r = new ProtoReader(payload, ctx, "Dnstap");
  let identity: string | undefined;
  let version: string | undefined;
  let extra: Uint8Array | undefined;
  let message: DnstapRecord | undefined;
  let type: number | undefined;
  for (const f of r.fields()) {
    switch (f.field) {
      case 1:
        r.expect(f, WireType.LEN, "identity");
        identity = text(f.bytes);
        break;
      case 2:
        r.expect(f, WireType.LEN, "version");
        version = text(f.bytes);
        break;
      case 3:
        r.expect(f, WireType.LEN, "extra");
        extra = copy(f.bytes);
        break;
      case 14:
        r.expect(f, WireType.LEN, "message");
        message = decodeMessage(r.nested(f, "dnstap Message"));
        break;
      case 15:
        r.expect(f, WireType.VARINT, "type");
        type = f.num;
        break;
    }
  }
  if (type === undefined) r.fail("missing required field 15 (type)", 0);
  if (type !== 1 || message === undefined) return undefined;
  return {
    ...(identity !== undefined ? { identity } : {}),
    ...(version !== undefined ? { version } : {}),
    ...(extra !== undefined ? { extra } : {}),
    ...message,
  };
}

function decodeMessage(r: ProtoReader): DnstapRecord {
  const out: Partial<DnstapRecord> = {};
  let typeNum: number | undefined;
  const addresses: Array<[ProtoField, "queryAddress" | "responseAddress"]> = [];
  // [seconds, nanoseconds] of the query and of the response.
  const qt: [number | undefined, number] = [undefined, 0];
  const rt: [number | undefined, number] = [undefined, 0];
  for (const f of r.fields()) {
    switch (f.field) {
      case 1:
        r.expect(f, WireType.VARINT, "type");
        typeNum = f.num;
        break;
      case 2:
        r.expect(f, WireType.VARINT, "socket_family");
        out.socketFamily = enumName(SOCKET_FAMILIES, f.num);
        break;
      case 3:
        r.expect(f, WireType.VARINT, "socket_protocol");
        out.socketProtocol = enumName(SOCKET_PROTOCOLS, f.num);
        break;
      case 4:
      case 5:
        r.expect(f, WireType.LEN, f.field === 4 ? "query_address" : "response_address");
        addresses.push([f, f.field === 4 ? "queryAddress" : "responseAddress"]);
        break;
      case 6:
        r.expect(f, WireType.VARINT, "query_port");
        out.queryPort = f.num;
        break;
      case 7:
        r.expect(f, WireType.VARINT, "response_port");
        out.responsePort = f.num;
        break;
      case 8:
      case 12:
        r.expect(f, WireType.VARINT, f.field === 8 ? "query_time_sec" : "response_time_sec");
        (f.field === 8 ? qt : rt)[0] = f.num;
        break;
      case 9:
      case 13:
        r.expect(f, WireType.I32, f.field === 9 ? "query_time_nsec" : "response_time_nsec");
        (f.field === 9 ? qt : rt)[1] = f.num;
        break;
      case 10:
        r.expect(f, WireType.LEN, "query_message");
        out.queryMessage = copy(f.bytes);
        break;
      case 11:
        r.expect(f, WireType.LEN, "query_zone");
        out.queryZone = zoneName(r, f);
        break;
      case 14:
        r.expect(f, WireType.LEN, "response_message");
        out.responseMessage = copy(f.bytes);
        break;
      case 16:
        r.expect(f, WireType.VARINT, "http_protocol");
        out.httpProtocol = enumName(HTTP_PROTOCOLS, f.num);
        break;
      // 15 (policy) and fields newer than this reader: skipped.
    }
  }
  if (typeNum === undefined) r.fail("missing required field 1 (type)", 0);
  const messageType = enumName(MESSAGE_TYPES, typeNum);
  if (messageType === undefined) r.fail(`unknown message type ${typeNum}`, 0);
  for (const [f, key] of addresses) out[key] = address(r, f, out.socketFamily);
  if (qt[0] !== undefined) out.queryTime = qt[0] * 1000 + qt[1] / 1e6;
  if (rt[0] !== undefined) out.responseTime = rt[0] * 1000 + rt[1] / 1e6;
  // Drop keys an unknown enum value left undefined, so records compare and print cleanly.
  for (const k of Object.keys(out) as Array<keyof DnstapRecord>)
    if (out[k] === undefined) delete out[k];
  return { messageType, ...out };
}

function address(r: ProtoReader, f: ProtoField, family: SocketFamily | undefined): string {
  const b = f.bytes;
  const want = family === "INET" ? 4 : family === "INET6" ? 16 : b.length;
  if (b.length !== want || (want !== 4 && want !== 16))
    r.failField(
      f,
      `${f.field === 4 ? "query" : "response"}_address of ${b.length} bytes` +
        (family ? ` for socket family ${family}` : ""),
    );
  return b.length === 4 ? ipv4ToText(b) : ipv6ToInetNtopText(b);
}

function zoneName(r: ProtoReader, f: ProtoField): string {
  const w = new WireReader(Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.length));
  let name: string;
  try {
    name = w.name("query_zone");
  } catch (e) {
    return r.failField(f, `bad query_zone: ${(e as Error).message}`);
  }
  if (w.remaining !== 0) r.failField(f, `${w.remaining} bytes after the query_zone name`);
  return name;
}
