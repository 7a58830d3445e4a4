import { readCof } from "../../../src/passive/sources/cof.js";
import { encodeControl, encodeData } from "../../../src/passive/sources/dnstap/frame-streams.js";
import { encodeDnstap } from "../../../src/passive/sources/dnstap/encode.js";
import { readDnstapSource } from "../../../src/passive/sources/dnstap/source.js";
import { readPassiveDns } from "../../../src/passive/sources/passivedns.js";
import { pcapSource } from "../../../src/passive/sources/pcap/source.js";
import { readZeekDns } from "../../../src/passive/sources/zeek.js";
import { answer, capture } from "../../helpers/pcap.js";
import { runSourceContract } from "./source-contract.js";

// Every ingest format runs the Source contract, each over an input of 40 good items
// and one it must leave out and count: a line that is not a record, a capture or
// dnstap file cut inside its last record.

const N = 40;
const BAD = 17;
const lines = (make: (i: number) => string, bad: string): Uint8Array =>
  Buffer.from(
    `${Array.from({ length: N }, (_, i) => (i === BAD ? `${bad}\n` : "") + make(i)).join("\n")}\n`,
  );
const ts = (i: number): number => 1_700_000_000 + i;

const ZEEK_HEAD = [
  "#separator \\x09",
  "#set_separator\t,",
  "#empty_field\t(empty)",
  "#unset_field\t-",
  "#fields\tts\tuid\tquery\tqtype_name\trcode_name\tanswers\tTTLs\trejected",
].join("\n");

runSourceContract("zeek", {
  source: readZeekDns,
  bytes: Buffer.concat([
    Buffer.from(`${ZEEK_HEAD}\n`),
    lines(
      (i) => `${ts(i)}.5\tC${i}\th${i % 13}.example.com\tA\tNOERROR\t192.0.2.${i}\t60\tF`,
      "yesterday\tCx\tbad.example.com\tA\tNOERROR\t192.0.2.1\t60\tF",
    ),
  ]),
  skips: 1,
});

runSourceContract("passivedns", {
  source: readPassiveDns,
  bytes: lines(
    (i) =>
      `${ts(i)}.000001||10.0.0.1||10.0.0.53||IN||h${i % 13}.example.com.||A||192.0.2.${i}||60||${1 + (i % 3)}`,
    "not a passivedns line",
  ),
  skips: 1,
});

runSourceContract("cof", {
  source: readCof,
  bytes: lines(
    (i) =>
      JSON.stringify({
        rrname: `h${i % 13}.example.com`,
        rrtype: "A",
        rdata: [`192.0.2.${i}`],
        time_first: ts(i),
        time_last: ts(i) + 5,
        count: 2,
      }),
    "{not json",
  ),
  skips: 1,
});

// A capture cut inside its last record: the records before it are read, the cut one counted.
const pcap = capture(N + 1).bytes;
runSourceContract("pcap", {
  source: pcapSource(undefined, new Map()),
  bytes: pcap.subarray(0, pcap.length - 9),
  skips: 1,
});

const frames = Array.from({ length: N + 1 }, (_, i) =>
  encodeData(
    encodeDnstap({
      messageType: "AUTH_RESPONSE",
      responseTime: ts(i) * 1000,
      responseMessage: answer(i),
    }),
  ),
);
runSourceContract("dnstap", {
  source: readDnstapSource,
  bytes: Buffer.concat([
    encodeControl("START", ["protobuf:dnstap.Dnstap"]),
    ...frames.slice(0, N),
    frames[N]!.subarray(0, 9),
  ]),
  skips: 1,
});
