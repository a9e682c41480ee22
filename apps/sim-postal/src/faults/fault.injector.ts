import { Random, chance } from '../shared/seeded.random';
import { FaultConfig, HttpFault, PostalEndpoint, WebhookFaults } from './fault.config';

export type HttpFaultKind = 'hang' | 'unavailable' | 'rateLimit' | 'serverError' | 'tokenExpiry';

/** The fault chosen for one request. */
export interface FaultDecision {
  kind: HttpFaultKind;
  afterCommit: boolean;
  retryAfterSeconds: number | null;
}

/** Checked in this order; the first that fires wins, so at most one fault hits a request. */
const KINDS: readonly HttpFaultKind[] = ['hang', 'unavailable', 'rateLimit', 'serverError', 'tokenExpiry'];

/** Whether an order number is in a list whose entries may end in `*` (a prefix). */
const listed = (patterns: readonly string[], orderNumber: string): boolean =>
  patterns.some((pattern) => (pattern.endsWith('*') ? orderNumber.startsWith(pattern.slice(0, -1)) : orderNumber === pattern));

/** Holds the live fault configuration and takes every fault decision from the seeded random source. */
export class FaultInjector {
  private config: FaultConfig;

  constructor(
    private readonly initial: FaultConfig,
    private readonly random: Random,
  ) {
    this.config = structuredClone(initial);
  }

  current(): FaultConfig {
    return structuredClone(this.config);
  }

  replace(config: FaultConfig): void {
    this.config = structuredClone(config);
  }

  /** Back to the configuration the simulator started with. */
  reset(): void {
    this.config = structuredClone(this.initial);
  }

  latencyMs(): number {
    return this.config.latencyMs;
  }

  /** Picks the fault for one request to `endpoint`, spending one of its `times` if it fires. */
  decide(endpoint: PostalEndpoint): FaultDecision | undefined {
    for (const kind of KINDS) {
      if (kind === 'tokenExpiry' && endpoint === 'token') continue;
      const fault: HttpFault & { retryAfterSeconds?: number | null } = this.config[kind];
      if (!this.applies(fault, endpoint) || !chance(this.random, fault.probability)) continue;
      if (fault.times !== null) fault.times -= 1;
      return { kind, afterCommit: fault.afterCommit, retryAfterSeconds: fault.retryAfterSeconds ?? null };
    }
    return undefined;
  }

  deliveryFails(orderNumber: string): boolean {
    const { failOrderNumbers, failureProbability } = this.config.delivery;
    return listed(failOrderNumbers, orderNumber) || chance(this.random, failureProbability);
  }

  /** The field and reason the operator refuses this order for, if it is one to refuse. */
  refusal(orderNumber: string): { field: string; problem: string } | undefined {
    const { orderNumbers, field, problem } = this.config.refusal;
    return listed(orderNumbers, orderNumber) ? { field, problem } : undefined;
  }

  webhook(): WebhookFaults {
    return { ...this.config.webhook };
  }

  /** Rolls one of the webhook probabilities. */
  roll(probability: number): boolean {
    return chance(this.random, probability);
  }

  private applies(fault: HttpFault, endpoint: PostalEndpoint): boolean {
    if (fault.probability <= 0 || fault.times === 0) return false;
    return fault.endpoints === null || fault.endpoints.includes(endpoint);
  }
}
