// tshark as the oracle for the pcap source: which DNS messages a capture holds, as
// comparable tuples `transport id first-question-name answer-count`. Our side decodes with
// the project codec and is put in the same form, so the two lists compare as multisets.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { decodeMessage } from "../../src/dns/wire/message.js";

const run = promisify(execFile);

// An aggregator no DNS name in our captures contains: a frame may carry several DNS messages
// (TCP), and a message several questions, each field's values joined by it.
const AGG = "\x1f";

export interface TsharkOptions {
  /** Ports beyond tshark's defaults (53, 5353 as mDNS) to dissect as DNS, UDP and TCP. */
  ports?: readonly number[];
}

/** The DNS messages tshark finds in `file`, as sorted tuples. */
export async function tsharkDnsTuples(file: string, o: TsharkOptions = {}): Promise<string[]> {
  const args = [
    "-r",
    file,
    "-n",
    // Reassemble DNS over TCP even when segments arrive out of order (off by default in 4.0).
    "-o",
    "tcp.desegment_tcp_streams:TRUE",
    "-o",
    "tcp.reassemble_out_of_order:TRUE",
    "-o",
    "dns.desegment_dns_messages:TRUE",
    ...(o.ports ?? []).flatMap((p) => ["-d", `udp.port==${p},dns`, "-d", `tcp.port==${p},dns`]),
    // ICMP errors quote the datagram that caused them; that is not a DNS message on the wire.
    "-Y",
    "(dns || mdns) && !icmp && !icmpv6",
    "-T",
    "fields",
    "-E",
    "occurrence=a",
    "-E",
    `aggregator=${AGG}`,
    ...["udp.srcport", "dns.id", "dns.count.queries", "dns.qry.name", "dns.count.answers"].flatMap(
      (f) => ["-e", f],
    ),
  ];
  const { stdout } = await run("tshark", args, { maxBuffer: 64 << 20, timeout: 60_000 });
  const out: string[] = [];
  for (const line of stdout.split("\n")) {
    if (line === "") continue;
    const [udp = "", ids = "", qcounts = "", names = "", answers = ""] = line.split("\t");
    const idList = ids.split(AGG);
    const nameList = names === "" ? [] : names.split(AGG);
    const qcountList = qcounts.split(AGG).map(Number);
    const answerList = answers.split(AGG);
    let n = 0;
    idList.forEach((id, i) => {
      const name = (qcountList[i] ?? 0) > 0 ? (nameList[n] ?? "") : "";
      n += qcountList[i] ?? 0;
      out.push(tuple(udp ? "udp" : "tcp", Number.parseInt(id, 16), name, Number(answerList[i])));
    });
  }
  return out.sort();
}

/** Our message in tshark's terms: names without the trailing dot, the root as "<Root>". */
export function messageTuple(transport: "udp" | "tcp", message: Uint8Array): string {
  const m = decodeMessage(Buffer.from(message.buffer, message.byteOffset, message.byteLength));
  const q = m.questions[0]?.name;
  const name = q === undefined ? "" : q === "." ? "<Root>" : q.replace(/\.$/, "");
  return tuple(transport, m.id, name, m.answers.length);
}

const tuple = (transport: string, id: number, name: string, answers: number): string =>
  `${transport} ${id} ${name} ${answers}`;
