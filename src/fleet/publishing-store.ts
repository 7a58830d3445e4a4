// What a sensor's ingest writes to: the store's write half, publishing each batch
// instead of storing it. A batch counts as written once JetStream has acknowledged
// every message of it; only then is its checkpoint kept, in a small local store of
// the sensor's own, so a sensor started again on the same file carries on after the
// last acknowledged batch. Such a batch is named by its input and end offset: sent
// again with the same cut (a run killed between the acknowledgement and the
// checkpoint), it is the same batch id, which a collector finds stored.
import { createHash } from "node:crypto";
import type { Observation } from "../model/observation.js";
import type { IngestCheckpoint, ObservationStore } from "../store/types.js";
import type { BatchPublisher } from "./publisher.js";

export type CheckpointStore = Pick<ObservationStore, "writeObservations" | "readCheckpoint">;

export class PublishingStore implements CheckpointStore {
  constructor(
    private readonly publisher: BatchPublisher,
    private readonly sensor: string,
    /** Where the sensor keeps its checkpoints; none for a stream or a listener. */
    private readonly checkpoints?: CheckpointStore,
  ) {}

  async writeObservations(rows: readonly Observation[], cp?: IngestCheckpoint): Promise<void> {
    if (rows.length > 0) {
      const idBase = cp ? `${this.sensor}.${inputTag(cp.input)}.${cp.offset}` : undefined;
      await this.publisher.publish(rows, idBase);
      await this.publisher.flush();
    }
    if (cp && this.checkpoints) await this.checkpoints.writeObservations([], cp);
  }

  async readCheckpoint(input: string): Promise<IngestCheckpoint | undefined> {
    return this.checkpoints?.readCheckpoint(input);
  }
}

/** A short stable tag of a checkpoint input (a path with its inode): ids stay short. */
const inputTag = (input: string): string =>
  createHash("sha256").update(input).digest("base64url").slice(0, 12);
