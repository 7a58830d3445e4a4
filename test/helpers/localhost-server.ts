// A test server reached by the name "localhost", as users name servers: /etc/hosts
// may give 127.0.0.1, ::1 or both, so the same handler listens on both loopback
// addresses at one port (on 127.0.0.1 alone where this machine has no ::1).
import type { Server } from "node:net";

export interface LocalhostServer {
  port: number;
  /** http://localhost:PORT, no trailing slash. */
  base: string;
  servers: Server[];
  close(): void;
}

const listen = (s: Server, port: number, host: string): Promise<void> =>
  new Promise((resolve, reject) => {
    s.once("error", reject);
    s.listen(port, host, () => {
      s.off("error", reject);
      resolve();
    });
  });

/** Listens with servers made by `make` (one per address family) on 127.0.0.1 and ::1. */
export async function listenLocalhost(make: () => Server): Promise<LocalhostServer> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const v4 = make();
    await listen(v4, 0, "127.0.0.1");
    const port = (v4.address() as { port: number }).port;
    const v6 = make();
    const servers = [v4];
    try {
      await listen(v6, port, "::1");
      servers.push(v6);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EADDRINUSE") {
        v4.close(); // that port is taken on ::1: try another
        continue;
      }
      if (code !== "EADDRNOTAVAIL" && code !== "EAFNOSUPPORT") throw e;
    }
    return {
      port,
      base: `http://localhost:${port}`,
      servers,
      close: () => {
        for (const s of servers) {
          (s as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
          s.close();
        }
      },
    };
  }
  throw new Error("no port free on both 127.0.0.1 and ::1");
}
