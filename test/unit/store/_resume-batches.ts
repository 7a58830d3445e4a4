import type { Observation } from "../../../src/model/observation.js";
import type { IngestCheckpoint } from "../../../src/store/types.js";
import { obs, prng, shuffle } from "./_helpers.js";

type Batch = { rows: Observation[]; checkpoint: IngestCheckpoint };

/** Two batches of an ingest of input "f": up to byte 100, then to byte 500 (in no order). */
export function resumeBatches(): [Batch, Batch] {
  const rand = prng(7);
  const batch = (count: number, tag: string): Observation[] =>
    shuffle(
      Array.from({ length: count }, (_, i) =>
        obs({
          rrname: `${tag}${i % 5000}.example.com`,
          rdata: `192.0.2.${i % 250}`,
          timeFirst: 1_700_000_000 + i,
          timeLast: 1_700_000_100 + i,
          count: 1 + (i % 7),
        }),
      ),
      rand,
    );
  return [
    { rows: batch(1000, "a"), checkpoint: { input: "f", offset: 100 } },
    { rows: batch(80_000, "b"), checkpoint: { input: "f", offset: 500 } },
  ];
}
