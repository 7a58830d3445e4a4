/**
 * A bounded queue between many producers (one per connection) and one async consumer.
 * A producer's push waits while the queue is full, which pauses its socket: memory stays
 * bounded and the writer feels the back-pressure, as Frame Streams intends.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private ended = false;
  private dropped = false;
  private consumerWaiting: (() => void) | undefined;
  private spaceWaiters: Array<() => void> = [];

  constructor(
    private readonly highWaterMark: number,
    /** Called once when the consumer stops iterating early. */
    private readonly onReturn: () => void = () => {},
  ) {}

  /** Adds an item; resolves once there is room for the next. Dropped after the consumer left. */
  async push(item: T): Promise<void> {
    if (this.dropped) return;
    this.items.push(item);
    this.wake();
    while (this.items.length >= this.highWaterMark && !this.dropped)
      await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
  }

  /** No more items: the consumer gets what is queued, then the end. */
  end(): void {
    this.ended = true;
    this.wake();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    let finished = false;
    try {
      for (;;) {
        const item = this.items.shift();
        if (item !== undefined) {
          this.releaseSpace();
          yield item;
          continue;
        }
        if (this.ended) {
          finished = true;
          return;
        }
        await new Promise<void>((resolve) => (this.consumerWaiting = resolve));
      }
    } finally {
      if (!finished) {
        this.dropped = true;
        this.items = [];
        this.releaseSpace(true);
        this.onReturn();
      }
    }
  }

  private wake(): void {
    const w = this.consumerWaiting;
    this.consumerWaiting = undefined;
    w?.();
  }

  private releaseSpace(all = false): void {
    if (!all && this.items.length >= this.highWaterMark) return;
    const waiters = this.spaceWaiters;
    this.spaceWaiters = [];
    for (const w of waiters) w();
  }
}
