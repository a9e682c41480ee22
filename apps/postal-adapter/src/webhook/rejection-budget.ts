/** Outcome of asking to record one refused callback. */
export type BudgetAnswer =
  | { readonly record: true }
  /** `firstOver`: the first refusal of this source (or of all) over its budget in the current window, worth one log line. */
  | { readonly record: false; readonly firstOver: boolean; readonly scope: 'source' | 'total' };

/**
 * How many refused callbacks are recorded (a row in `postal_webhook_rejections` and a log line) per source address
 * and in all, per minute. Beyond, refusals are still answered and counted in metrics, but not stored: a sender
 * of forged callbacks cannot fill the database or the log. In memory, fixed one-minute windows; at most
 * `maxSources` sources are tracked (the least recently seen are forgotten first).
 */
export class RejectionBudget {
  private readonly sources = new Map<string, { windowStart: number; taken: number; over: boolean }>();
  private total = { windowStart: 0, taken: 0, over: false };

  constructor(
    private readonly perSource: number,
    private readonly perAll: number,
    private readonly windowMs = 60_000,
    private readonly maxSources = 10_000,
  ) {}

  take(source: string, now = Date.now()): BudgetAnswer {
    if (now - this.total.windowStart >= this.windowMs) this.total = { windowStart: now, taken: 0, over: false };
    let entry = this.sources.get(source);
    if (!entry || now - entry.windowStart >= this.windowMs) entry = { windowStart: now, taken: 0, over: false };
    this.sources.delete(source); // re-insert: Map order is then least recently seen first
    this.sources.set(source, entry);
    while (this.sources.size > this.maxSources) this.sources.delete(this.sources.keys().next().value as string);
    if (entry.taken >= this.perSource) {
      const firstOver = !entry.over;
      entry.over = true;
      return { record: false, firstOver, scope: 'source' };
    }
    if (this.total.taken >= this.perAll) {
      const firstOver = !this.total.over;
      this.total.over = true;
      return { record: false, firstOver, scope: 'total' };
    }
    entry.taken++;
    this.total.taken++;
    return { record: true };
  }
}
