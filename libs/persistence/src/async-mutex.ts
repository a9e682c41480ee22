/** A FIFO async mutex: `run` calls execute one at a time, in call order. */
export class AsyncMutex {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** True when nothing holds or waits for the lock. */
  get idle(): boolean {
    return this.pending === 0;
  }

  run<T>(fn: () => Promise<T> | T): Promise<T> {
    this.pending++;
    const result = this.tail.then(fn).finally(() => this.pending--);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
