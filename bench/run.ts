// `npm run bench`: every benchmark, side by side with its reference tool, printing
// ratios and whether each target is met. Pass names to run only some:
//   npm run bench -- resolve memory
import { benchApiLoad } from "./api-load.js";
import { benchApiUnderAttack } from "./api-under-attack.js";
import { benchClickHouseCluster } from "./ch-cluster.js";
import { benchClickHouseZeek } from "./ch-zeek.js";
import { benchDnstapMemory } from "./dnstap-memory.js";
import { benchFleet } from "./fleet.js";
import { benchFuzz } from "./fuzz.js";
import { benchIngestLock } from "./ingest-lock.js";
import { benchIntelRoutes } from "./intel-routes.js";
import { benchLookalikeAccuracy } from "./lookalike-accuracy.js";
import { benchLookalikeGenerate } from "./lookalike-generate.js";
import { benchLookalikeMatch } from "./lookalike-match.js";
import { benchPdnsPcap } from "./pdns-pcap.js";
import { benchPdnsQuery } from "./pdns-query.js";
import { benchPdnsZeek } from "./pdns-zeek.js";
import { benchRdataIndexCost } from "./rdata-index-cost.js";
import { benchRegistrationParse } from "./registration-parse.js";
import { benchResolveMemory } from "./resolve-memory.js";
import { benchResolveVsDnsperf } from "./resolve-vs-dnsperf.js";
import { benchStartup } from "./startup.js";

const BENCHES: Record<string, () => Promise<boolean>> = {
  resolve: benchResolveVsDnsperf,
  memory: benchResolveMemory,
  "registration-parse": benchRegistrationParse,
  "pdns-pcap": benchPdnsPcap,
  "pdns-zeek": benchPdnsZeek,
  "pdns-query": benchPdnsQuery,
  "rdata-index-cost": benchRdataIndexCost,
  "ingest-lock": benchIngestLock,
  "dnstap-memory": benchDnstapMemory,
  "lookalike-generate": benchLookalikeGenerate,
  "lookalike-match": benchLookalikeMatch,
  "lookalike-accuracy": benchLookalikeAccuracy,
  "api-under-attack": benchApiUnderAttack,
  "api-load": benchApiLoad,
  "intel-routes": benchIntelRoutes,
  "ch-zeek": benchClickHouseZeek,
  "ch-cluster": benchClickHouseCluster,
  fleet: benchFleet,
  startup: benchStartup,
  fuzz: benchFuzz,
};

const wanted = process.argv.slice(2);
let allOk = true;
for (const [name, run] of Object.entries(BENCHES)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  allOk = (await run()) && allOk;
}
// Benchmarks report; they do not fail the build. The exit status says whether all targets were met.
process.exitCode = allOk ? 0 : 1;
