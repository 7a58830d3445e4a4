import type { IncomingMessage, Server, ServerOptions, ServerResponse } from "node:http";
import type { Socket } from "node:net";

// What a connection may hold. Idle sockets cost a file descriptor each and nothing
// else, so a client opening thousands and sending nothing used to exhaust the
// process's descriptors. Now:
// - a connection has headersTimeout to send a request's head (also the first one),
//   requestTimeout for the whole request, and keepAliveTimeout between requests;
//   node checks these every connectionsCheckingInterval (30 s by default: too slow
//   to matter under attack);
// - at most maxConnections are open. When one more arrives, the connection idle the
//   longest (no request under way) is closed to make room, so a flood of idle
//   sockets cannot lock out a client that asks something; only when every
//   connection has a request under way is the new one refused.

export interface ConnectionLimits {
  maxConnections: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxConnections: 1000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
};

/** The node:http server options for these limits. */
export function serverOptions(l: ConnectionLimits): ServerOptions {
  return {
    headersTimeout: l.headersTimeoutMs,
    // node refuses a request timeout shorter than the headers one.
    requestTimeout: Math.max(l.requestTimeoutMs, l.headersTimeoutMs),
    keepAliveTimeout: l.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, l.headersTimeoutMs),
    // No request line or header field is longer than this here (node's default: 16 KiB).
    maxHeaderSize: 8192,
  };
}

export interface ConnectionStats {
  /** Open connections now. */
  open(): number;
  /** Connections closed to make room, since the start. */
  evicted(): number;
}

/** Enforces maxConnections on `server`, evicting the longest-idle connection first. */
export function capConnections(server: Server, max: number): ConnectionStats {
  // Insertion order is idle-since order: a socket re-enters at the end when its
  // request ends.
  const idle = new Set<Socket>();
  let open = 0;
  let evicted = 0;
  server.on("connection", (socket: Socket) => {
    open++;
    idle.add(socket);
    socket.once("close", () => {
      open--;
      idle.delete(socket);
    });
    if (open <= max) return;
    // The newcomer is idle too, and last: it goes only when every other one is busy.
    const victim = idle.values().next().value as Socket;
    idle.delete(victim);
    // A reset, not a FIN: one packet, and no FIN_WAIT/TIME_WAIT state on either side
    // for a connection that was only holding a slot.
    victim.resetAndDestroy();
    evicted++;
  });
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    idle.delete(socket);
    res.once("close", () => {
      if (!socket.destroyed) idle.add(socket);
    });
  });
  return { open: () => open, evicted: () => evicted };
}
