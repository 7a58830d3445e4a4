// A child process that holds N idle TCP connections to HOST:PORT for MS milliseconds,
// sending nothing: the attack of idle sockets without a key. It runs in its own
// process because N connections need N descriptors, more than the test process may
// have (the parent starts several). Connections are opened at up to OPEN_PER_S a
// second, and those the server closes are opened again, so the pressure lasts. At
// the end it prints one JSON line of counts and exits.
//   node --import tsx _idle-sockets.ts HOST PORT N MS
import { connect, type Socket } from "node:net";

const [host = "127.0.0.1", portText = "0", nText = "0", msText = "0"] = process.argv.slice(2);
if (!/^127\.|^::1$/.test(host)) throw new Error(`loopback only, not ${host}`);
const port = Number(portText);
const want = Number(nText);
const until = Date.now() + Number(msText);
/** Connects in flight at once: more would overflow the server's listen backlog. */
const IN_FLIGHT = 100;
/** Opens a second, new and again: a client holding sockets, not a SYN flood (that is the firewall's).
 * Above N per attack time over the children, so N are opened with time to spare. */
const OPEN_PER_S = 300;

const stats = { opened: 0, failed: 0, closedByServer: 0, maxOpen: 0, openAtEnd: 0 };
const open = new Set<Socket>();
let pending = 0;
let toOpen = want;
let budget = OPEN_PER_S / 10;
let stopping = false;

function one(): void {
  pending++;
  const s = connect({ host, port });
  let connected = false;
  s.on("connect", () => {
    connected = true;
    pending--;
    stats.opened++;
    open.add(s);
    stats.maxOpen = Math.max(stats.maxOpen, open.size);
    pump();
  });
  s.on("error", () => undefined);
  s.on("close", () => {
    if (!connected) {
      pending--;
      stats.failed++;
    } else {
      open.delete(s);
      if (!stopping) stats.closedByServer++;
    }
    if (!stopping) toOpen++;
    pump();
  });
}

function pump(): void {
  while (!stopping && toOpen > 0 && pending < IN_FLIGHT && budget > 0) {
    budget--;
    toOpen--;
    one();
  }
}

const refill = setInterval(() => {
  budget = OPEN_PER_S / 10;
  pump();
}, 100);
pump();
setTimeout(
  () => {
    stopping = true;
    clearInterval(refill);
    stats.openAtEnd = open.size;
    for (const s of open) s.destroy();
    process.stdout.write(JSON.stringify(stats) + "\n");
    setTimeout(() => process.exit(0), 100);
  },
  Math.max(0, until - Date.now()),
);
