import { isFinal } from './status.catalog';

/**
 * Moves shipments along by themselves: one timer per live order, re-armed on every status change,
 * so a manual advance (admin API) restarts that order's clock instead of adding a second timer.
 */
export class ShipmentProgressor {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  /**
   * @param advance moves one order one step (and reports the new status back via `onStatus`)
   * @param stepIntervalMs time between steps; 0 = as fast as the event loop allows
   * @param enabled false = shipments move only when advanced by hand
   */
  constructor(
    private readonly advance: (orderNumber: string) => void,
    private readonly stepIntervalMs: number,
    private readonly enabled: boolean,
  ) {}

  /** Call after every status change of an order. */
  onStatus(orderNumber: string, status: number): void {
    this.stop(orderNumber);
    if (!this.enabled || isFinal(status)) return;
    const timer = setTimeout(() => {
      this.timers.delete(orderNumber);
      this.advance(orderNumber);
    }, this.stepIntervalMs);
    timer.unref();
    this.timers.set(orderNumber, timer);
  }

  stop(orderNumber: string): void {
    clearTimeout(this.timers.get(orderNumber));
    this.timers.delete(orderNumber);
  }

  stopAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
