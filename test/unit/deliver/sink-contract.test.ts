import { createSocket } from "node:dgram";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { parseSyslogTarget, syslogSink } from "../../../src/deliver/syslog.js";
import { webhookSink } from "../../../src/deliver/webhook.js";
import { freePort } from "../../helpers/ports.js";
import { runSinkContract, type Receiver } from "./sink-contract.js";

// Every alert sink runs the Sink contract against receivers on loopback: the webhook
// (its token in the path, a signing secret), syslog over UDP and over TCP.

const TOKEN = "T0KEN-b1f4e9";
const SECRET = "s3cret-signing-key";

const port = (s: { address(): AddressInfo | string | null }): number =>
  (s.address() as AddressInfo).port;

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return port(server);
}

/** Closes a server and the connections it still holds. */
function closer(server: Server | ReturnType<typeof createTcpServer>, sockets: Set<Socket>) {
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return async (): Promise<void> => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  };
}

runSinkContract("webhook", {
  secrets: [TOKEN, SECRET],
  async live() {
    const got: string[] = [];
    const server = createHttpServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        got.push(body);
        res.writeHead(204).end();
      });
    });
    const close = closer(server, new Set());
    const p = await listen(server);
    const receiver: Receiver = { received: () => got, close };
    return {
      receiver,
      sink: () => webhookSink(`http://127.0.0.1:${p}/hooks/${TOKEN}`, { secret: SECRET }),
    };
  },
  down: async () => webhookSink(`http://127.0.0.1:${await freePort()}/hooks/${TOKEN}`),
  async silent() {
    const server = createHttpServer(() => undefined);
    const close = closer(server, new Set());
    const p = await listen(server);
    return { sink: webhookSink(`http://127.0.0.1:${p}/hooks/${TOKEN}`), close };
  },
});

runSinkContract("syslog udp", {
  secrets: [],
  async live() {
    const got: string[] = [];
    const udp = createSocket("udp4");
    udp.on("message", (m) => got.push(m.toString()));
    await new Promise<void>((r) => udp.bind(0, "127.0.0.1", r));
    const p = udp.address().port;
    return {
      receiver: {
        received: () => got,
        close: () => new Promise<void>((r) => udp.close(() => r())),
      },
      sink: () => syslogSink(parseSyslogTarget(`udp://127.0.0.1:${p}`)),
    };
  },
});

runSinkContract("syslog tcp", {
  secrets: [],
  async live() {
    const got: string[] = [];
    const server = createTcpServer((s) => s.on("data", (c: Buffer) => got.push(c.toString())));
    const close = closer(server, new Set());
    const p = await listen(server);
    return {
      receiver: { received: () => got, close },
      sink: () => syslogSink(parseSyslogTarget(`tcp://127.0.0.1:${p}`)),
    };
  },
  down: async () => syslogSink(parseSyslogTarget(`tcp://127.0.0.1:${await freePort()}`)),
  async silent() {
    // Takes the connection and never reads: small messages still fit its buffers.
    const server = createTcpServer((s) => s.pause());
    const close = closer(server, new Set());
    const p = await listen(server);
    return { sink: syslogSink(parseSyslogTarget(`tcp://127.0.0.1:${p}`)), close };
  },
});
