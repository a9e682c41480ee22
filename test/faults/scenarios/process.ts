import type { Scenario } from '../harness/scenario';
import type { BusService } from '../harness/system';

const SERVICES: readonly BusService[] = ['orchestrator', 'ioffice-adapter', 'postal-adapter'];

/** The broker closes a service's connections (`rabbitmqctl close_connection`): it must reconnect by itself. */
export function connectionClosed(service: BusService): Scenario {
  return {
    id: `close-connection-${service}`,
    fault: `${service}: connection closed by the broker`,
    description:
      `\`rabbitmqctl close_connection\` on every connection of the run's virtual host whose connection_name is \`lienthong-${service}\` ` +
      '(the service is not restarted: it must reconnect, re-attach its consumer and publisher, and carry on).',
    async inject(ctx) {
      const closed = await ctx.system.closeConnections(`lienthong-${service}`);
      if (closed === 0) throw new Error(`no connection named lienthong-${service} in the vhost`);
      ctx.log(`closed ${closed} connection(s) of ${service}`);
    },
  };
}

/** A service SIGKILLed mid-flow and started again after `downMs`; repeated runs kill it at other moments. */
export function killedAndRestarted(service: BusService, options: { startAfterMs?: number; downMs?: number } = {}): Scenario {
  const startAfterMs = options.startAfterMs ?? 12_000;
  const downMs = options.downMs ?? 2_000;
  return {
    id: `kill-${service}${options.startAfterMs ? `-at${Math.round(options.startAfterMs / 1000)}s` : ''}`,
    fault: `${service}: SIGKILL at ${Math.round(startAfterMs / 1000)} s, restarted`,
    description: `SIGKILL of the ${service} process ${Math.round(startAfterMs / 1000)} s after the first submission (+3 s per repetition), down for ${downMs / 1000} s, then started again on the same database and port.`,
    startAfterMs,
    async inject(ctx) {
      await ctx.sleep(ctx.repeat * 3_000);
      await ctx.system.kill(service);
      ctx.log(`${service} killed`);
      await ctx.sleep(downMs);
      await ctx.system.restart(service);
      ctx.log(`${service} restarted and ready`);
    },
  };
}

/** A simulator made unreachable (its address refuses connections, open ones reset) for `downMs`, then back. */
export function simulatorUnreachable(sim: 'sim-ioffice' | 'sim-postal', downMs = 60_000): Scenario {
  const who = sim === 'sim-ioffice' ? 'iOffice' : 'the postal operator';
  return {
    id: `unreachable-${sim}`,
    fault: `${who} unreachable for ${downMs / 1000} s`,
    description:
      `${who}'s address refuses every connection and resets the open ones for ${downMs / 1000} s (the proxy in front of the simulator closes; ` +
      'the simulator keeps its state, as the real system would), then answers again.' +
      (sim === 'sim-postal' ? " Its webhooks still reach the bus (only the bus's calls to it fail)." : ''),
    startAfterMs: 12_000,
    stallMs: 150_000,
    async inject(ctx) {
      await ctx.system.cut(sim);
      ctx.log(`${sim} cut`);
      await ctx.sleep(downMs);
      await ctx.system.restore(sim);
      ctx.log(`${sim} back`);
    },
  };
}

/**
 * Two instances of every bus service on one PostgreSQL database per service, competing consumers; one instance of
 * `victim` SIGKILLed mid-flow and never restarted: the survivors must finish everything.
 */
export function twoInstancesOneKilled(victim: BusService | 'bus', startAfterMs: number): Scenario {
  const victims: BusService[] = victim === 'bus' ? [...SERVICES] : [victim];
  return {
    id: `two-instances-kill-${victim}-at${Math.round(startAfterMs / 1000)}s`,
    fault: `2 instances each (PostgreSQL), ${victim === 'bus' ? 'every service' : victim} #1 SIGKILLed at ${Math.round(startAfterMs / 1000)} s`,
    description:
      'Two instances of orchestrator, ioffice-adapter and postal-adapter, each pair on one PostgreSQL schema and one queue (competing consumers: ' +
      'two iOffice pollers on the same iOffice, two outbox relays, two cutoff schedulers, two webhook receivers behind one address). ' +
      "Every department's archive cutoff is set to the first whole minute at least 40 s after start-up, so both cutoff schedulers close the open batches mid-run. " +
      `Instance #1 of ${victim === 'bus' ? 'every service (one whole bus)' : victim} is SIGKILLed ${Math.round(startAfterMs / 1000)} s after the first submission and never restarted.`,
    // The cutoff comes mid-run (both orchestrators' schedulers close the open batches at that minute).
    system: {
      database: 'postgres',
      instances: { orchestrator: 2, 'ioffice-adapter': 2, 'postal-adapter': 2 },
      cutoffAfterMs: 40_000,
      processEnv: { orchestrator: { LIFECYCLE_TICK_MS: '2000' } },
    },
    startAfterMs,
    async inject(ctx) {
      for (const service of victims) await ctx.system.kill(service, 1);
      ctx.log(`${victims.join(', ')} #1 killed (not restarted)`);
    },
  };
}

export const PROCESS_SCENARIOS: Scenario[] = [
  ...SERVICES.map(connectionClosed),
  ...SERVICES.map((s) => killedAndRestarted(s)),
  ...SERVICES.map((s) => killedAndRestarted(s, { startAfterMs: 22_000, downMs: 5_000 })),
  simulatorUnreachable('sim-ioffice'),
  simulatorUnreachable('sim-postal'),
  twoInstancesOneKilled('bus', 10_000),
  twoInstancesOneKilled('orchestrator', 12_000),
  twoInstancesOneKilled('ioffice-adapter', 14_000),
  twoInstancesOneKilled('postal-adapter', 18_000),
  twoInstancesOneKilled('orchestrator', 22_000),
  twoInstancesOneKilled('ioffice-adapter', 26_000),
];
