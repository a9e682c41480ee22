import { Injectable, type OnModuleInit } from '@nestjs/common';
import { messageTypesProducedBy } from '@lienthong/contracts';
import { BusServer, type HopFigures } from '@lienthong/messaging';
import { HealthRegistry } from '@lienthong/runtime';

/** What the dashboard shows of the one-stop system (the same field names as the adapters' call stats). */
export interface OnestopSnapshot {
  /** The one-stop is reached only through the broker: no call to time, no circuit breaker. */
  readonly via: 'broker';
  readonly circuit: 'not-applicable';
  /** ISO time of the last message from it that the orchestrator handled, or null. */
  readonly lastSuccessAt: string | null;
  /** ISO time of the last message from it that the orchestrator rejected (contract or business rule), or null. */
  readonly lastFailureAt: string | null;
  /** Messages from it settled in the window (default the last 5 minutes). */
  readonly recentMessages: number;
  /** Share of those that were rejected, 0..1 (0 when there were none). */
  readonly recentErrorRate: number;
}

interface Sample {
  readonly at: number;
  readonly received: number;
  readonly rejected: number;
}

const SAMPLE_EVERY_MS = 10_000;

/**
 * The one-stop system's intake as the orchestrator sees it, from the transport's per-hop figures of the
 * message types the one-stop produces. Rates come from the cumulative counts sampled when read (every
 * heartbeat), so nothing runs per message: samples older than the window are dropped but for one, the
 * baseline. Replays of dead letters do not count: they are an operator's doing, not the one-stop's.
 */
export class OnestopIntake {
  private readonly types: ReadonlySet<string> = new Set(messageTypesProducedBy('onestop'));
  private readonly samples: Sample[];

  constructor(
    private readonly hops: () => ReadonlyMap<string, HopFigures>,
    startedAt = Date.now(),
    private readonly windowMs = 5 * 60_000,
  ) {
    // The transport's counters start at zero with the process.
    this.samples = [{ at: startedAt, received: 0, rejected: 0 }];
  }

  snapshot(now = Date.now()): OnestopSnapshot {
    let received = 0;
    let rejected = 0;
    let lastSuccess = 0;
    let lastFailure = 0;
    for (const [type, hop] of this.hops()) {
      if (!this.types.has(type)) continue;
      received += hop.handled + hop.rejected + hop.deadLettered;
      rejected += hop.rejected;
      lastSuccess = Math.max(lastSuccess, hop.lastHandledAt);
      lastFailure = Math.max(lastFailure, hop.lastRejectedAt);
    }
    if (now - this.samples[this.samples.length - 1].at >= SAMPLE_EVERY_MS) this.samples.push({ at: now, received, rejected });
    while (this.samples.length > 1 && this.samples[1].at <= now - this.windowMs) this.samples.shift();
    const base = this.samples[0];
    const recentMessages = Math.max(0, received - base.received);
    const recentRejected = Math.max(0, rejected - base.rejected);
    return {
      via: 'broker',
      circuit: 'not-applicable',
      lastSuccessAt: lastSuccess > 0 ? new Date(lastSuccess).toISOString() : null,
      lastFailureAt: lastFailure > 0 ? new Date(lastFailure).toISOString() : null,
      recentMessages,
      recentErrorRate: recentMessages === 0 ? 0 : Math.round((recentRejected / recentMessages) * 1000) / 1000,
    };
  }
}

/**
 * Readiness detail `onestop`, next to the adapters' `ioffice` and `postal`, so the dashboard shows the
 * one-stop system with its last success, last failure and recent rejection rate. Always up: a quiet
 * one-stop, or one sending bad messages, does not stop the orchestrator from working. Whether the one-stop
 * consumes its own queue only the broker knows; the console adds that.
 */
@Injectable()
export class OnestopHealth implements OnModuleInit {
  constructor(
    private readonly server: BusServer,
    private readonly registry: HealthRegistry,
  ) {}

  onModuleInit(): void {
    const intake = new OnestopIntake(() => this.server.hops.entries());
    this.registry.register('onestop', () => ({ up: true, details: { ...intake.snapshot() } }));
  }
}
