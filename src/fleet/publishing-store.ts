// What a sensor's ingest writes to: the store's write half, publishing each batch
// instead of storing it. A batch counts as written once JetStream has acknowledged
// every message of it; only then is its checkpoint kept, in a small local store of
// the sensor's own, so a sensor started again on the same file carries on after the
// last acknowledged batch. Such a batch is named by its input and end offset: sent
// again with the same cut (a run killed between the acknowledgement and the
// checkpoint), it is the same batch id, which a collector finds stored. So that a run
// started again cuts that batch the same way, the batch's end is noted before it is
// published ("pending"), and readCheckpoint reports it as `pendingEnd` until the
// batch's own checkpoint is in: ingest then gives exactly that batch again.
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
    if (cp && this.checkpoints && rows.length > 0)
      await this.checkpoints.writeObservations([], { input: pending(cp.input), offset: cp.offset });
    if (rows.length > 0) {
      const idBase = cp ? `${this.sensor}.${inputTag(cp.input)}.${cp.offset}` : undefined;
      await this.publisher.publish(rows, idBase);
      await this.publisher.flush();
    }
    if (cp && this.checkpoints) await this.checkpoints.writeObservations([], cp);
  }

  async readCheckpoint(input: string): Promise<IngestCheckpoint | undefined> {
    if (!this.checkpoints) return undefined;
    const done = await this.checkpoints.readCheckpoint(input);
    const sent = await this.checkpoints.readCheckpoint(pending(input));
    if (sent && sent.offset > (done?.offset ?? -1))
      return { input, offset: done?.offset ?? 0, pendingEnd: sent.offset };
    return done;
  }
}

/** Where the end of a batch being published is noted (keys are paths: never a NUL in them). */
const pending = (input: string): string => `${input}\u0000publishing`;

/** A short stable tag of a checkpoint input (a path with its inode): ids stay short. */
const inputTag = (input: string): string =>
  createHash("sha256").update(input).digest("base64url").slice(0, 12);
