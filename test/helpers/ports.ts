// Free loopback ports for test servers: free for UDP *and* TCP, since DNS servers bind both.
import { createSocket } from "node:dgram";
import { isIPv6 } from "node:net";
import { createServer } from "node:net";

// Picked below Linux's ephemeral range (32768–60999, net.ipv4.ip_local_port_range) so that
// the source port of some client socket — kdig, dig, our own resolver — cannot take a port
// between our check and the server's bind. Unbound draws its own random source ports from
// 1024–65535, so startUnbound also tells it to avoid this range (outgoing-port-avoid).
export const TEST_PORT_MIN = 20000;
export const TEST_PORT_MAX = 32767;

/** Test servers only ever listen on loopback: Linux routes all of 127.0.0.0/8 to `lo`. */
export type LoopbackAddress = "127.0.0.1" | "::1" | `127.${number}.${number}.${number}`;

/** Throws unless `host` is a loopback address, so a typo cannot aim traffic off the machine. */
export function assertLoopback(host: string): asserts host is LoopbackAddress {
  if (host !== "::1" && !/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) {
    throw new Error(`${host} is not a loopback address (127.0.0.0/8 or ::1)`);
  }
}

// Never hand the same port out twice in one process, even after its server stopped.
const handedOut = new Set<number>();

/** True when `port` can be bound on `host` for both UDP and TCP right now. */
export async function isPortFree(host: string, port: number): Promise<boolean> {
  return (await udpFree(host, port)) && (await tcpFree(host, port));
}

/**
 * A port free for UDP and TCP on `host`. Random rather than sequential so that test files
 * running in parallel processes rarely try the same one; a server helper that loses the race
 * anyway sees its bind fail and asks again.
 */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = TEST_PORT_MIN + Math.floor(Math.random() * (TEST_PORT_MAX - TEST_PORT_MIN + 1));
    if (handedOut.has(port)) continue;
    if (await isPortFree(host, port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free UDP+TCP port on ${host} in ${TEST_PORT_MIN}-${TEST_PORT_MAX}`);
}

function udpFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket({ type: isIPv6(host) ? "udp6" : "udp4", reuseAddr: false });
    s.once("error", () => {
      s.close();
      resolve(false);
    });
    s.bind(port, host, () => s.close(() => resolve(true)));
  });
}

function tcpFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen({ host, port, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** A server could not bind its port: another test took it between check and bind. */
export class BindError extends Error {}

/**
 * Launches a server on `fixedPort`, or on a free port, trying a new one (three
 * times in all) when a parallel test file wins the race for it.
 */
export async function onFreePort<T>(
  host: string,
  fixedPort: number | undefined,
  launch: (port: number) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ?? (await freePort(host));
    try {
      return await launch(port);
    } catch (err) {
      if (!(err instanceof BindError) || fixedPort !== undefined || attempt >= 3) throw err;
    }
  }
}
