/** A delay that was cut short because the simulator is closing. */
export class Cancelled extends Error {
  readonly code = 'SIM_ONESTOP.CANCELLED';
  constructor() {
    super('SIM_ONESTOP.CANCELLED: the simulator is closing');
  }
}

/** Cancellable delays: `close()` rejects every pending one with `Cancelled`, so no timer outlives the simulator. */
export class Scheduler {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();
  private closed = false;

  /** Resolves after `ms`, or rejects with `Cancelled` when the scheduler closes first. */
  delay(ms: number): Promise<void> {
    if (this.closed) return Promise.reject(new Cancelled());
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          this.pending.delete(timer);
          resolve();
        },
        Math.max(0, ms),
      );
      this.pending.set(timer, () => reject(new Cancelled()));
    });
  }

  close(): void {
    this.closed = true;
    for (const [timer, cancel] of this.pending) {
      clearTimeout(timer);
      cancel();
    }
    this.pending.clear();
  }
}

/** Whether an error is a `Cancelled` delay. */
export function isCancelled(error: unknown): boolean {
  return error instanceof Cancelled;
}
