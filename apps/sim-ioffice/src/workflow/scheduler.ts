/** Raised into workflows that were waiting when the simulator shut down or was reset. */
export class CancelledError extends Error {
  readonly code = 'SIM_IOFFICE.CANCELLED';
}

/**
 * Owns every timer the simulator starts, so that `cancelAll()` (close, reset) leaves nothing running:
 * pending delays reject with CancelledError and deferred callbacks never run.
 */
export class Scheduler {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();

  /** Resolves after `ms` (0 = next macrotask); rejects with CancelledError if cancelled first. */
  delay(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.set(timer, () => reject(new CancelledError('simulator stopped')));
    });
  }

  /** Number of timers still pending (tests and the state view use it to see that the simulator is idle). */
  get size(): number {
    return this.pending.size;
  }

  cancelAll(): void {
    for (const [timer, cancel] of this.pending) {
      clearTimeout(timer);
      cancel();
    }
    this.pending.clear();
  }
}
