import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type DeadLetterStore, describeError } from '@lienthong/messaging';
import type { AuditLog } from '../audit/audit.log';

export interface RetentionOptions {
  /** Days the bodies audit entries refer to are kept (`CONSOLE_AUDIT_BODY_DAYS`); the entries themselves stay. */
  readonly auditBodyDays: number;
  /** Days replayed or discarded dead letters are kept (`CONSOLE_RESOLVED_DEAD_LETTER_DAYS`); 0 keeps them. Open ones always stay. */
  readonly resolvedDeadLetterDays: number;
  readonly everyMs?: number;
}

const DAY_MS = 86_400_000;

/**
 * Erases personal data the console keeps beyond need: message bodies beside the audit trail, and dead letters an
 * operator has dealt with. Hourly, and once shortly after start.
 */
export class RetentionTask implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly audit: AuditLog,
    private readonly deadLetters: DeadLetterStore,
    private readonly options: RetentionOptions,
  ) {}

  onApplicationBootstrap(): void {
    const run = (): void =>
      void this.runOnce().catch((error: unknown) => this.logger.warn(`pruning failed, trying again later: ${describeError(error)}`));
    this.timers = [setTimeout(run, 5_000), setInterval(run, this.options.everyMs ?? 3_600_000)];
    for (const timer of this.timers) timer.unref();
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearTimeout(timer);
  }

  /** Prunes once; returns how many bodies and dead letters went. */
  async runOnce(now = Date.now()): Promise<{ auditBodies: number; deadLetters: number }> {
    const auditBodies = await this.audit.pruneBodies(now - this.options.auditBodyDays * DAY_MS);
    const deadLetters =
      this.options.resolvedDeadLetterDays > 0
        ? await this.deadLetters.pruneResolved(now - this.options.resolvedDeadLetterDays * DAY_MS)
        : 0;
    if (auditBodies + deadLetters > 0)
      this.logger.log(
        `erased ${auditBodies} audit bodies older than ${this.options.auditBodyDays} days and ${deadLetters} resolved dead letters`,
      );
    return { auditBodies, deadLetters };
  }
}
