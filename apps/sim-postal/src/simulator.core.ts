import { TokenStore } from './auth/token.store';
import { FaultConfig, FaultConfigInput, InvalidFaultsError, parseFaultConfig } from './faults/fault.config';
import { FaultInjector } from './faults/fault.injector';
import { AdvanceResult, OrderStore, SeedResult } from './orders/order.store';
import { validateCreateOrder } from './orders/order.validator';
import { ShipmentProgressor } from './orders/shipment.progressor';
import { TrackingCodeGenerator } from './orders/tracking-code.generator';
import { Checked, isRecord } from './shared/field-problem';
import { createSeededRandom } from './shared/seeded.random';
import { SimulatorSettings } from './simulator.options';
import { WebhookDispatcher } from './webhooks/webhook.dispatcher';

/**
 * The simulator's state and the operations on it, without any HTTP: orders, tokens, faults,
 * shipment progress and webhook delivery, wired so that every status change is both scheduled
 * onward and announced by webhook.
 */
export class SimulatorCore {
  readonly faults: FaultInjector;
  readonly tokens: TokenStore;
  readonly orders: OrderStore;
  readonly webhooks: WebhookDispatcher;
  private readonly progressor: ShipmentProgressor;

  constructor(readonly settings: SimulatorSettings) {
    const random = createSeededRandom(settings.seed);
    this.faults = new FaultInjector(settings.faults, random);
    this.tokens = new TokenStore(settings.tokenTtlSeconds);
    this.orders = new OrderStore({
      trackingCodes: new TrackingCodeGenerator(random),
      deliveryFails: (orderNumber) => this.faults.deliveryFails(orderNumber),
      now: Date.now,
    });
    this.webhooks = new WebhookDispatcher(
      {
        url: settings.webhookUrl,
        secret: settings.webhookSecret,
        retry: settings.webhookRetry,
        timeoutMs: settings.webhookTimeoutMs,
        logLimit: 10_000,
        log: settings.log,
      },
      this.faults,
    );
    this.progressor = new ShipmentProgressor((n) => this.orders.advance(n), settings.stepIntervalMs, settings.autoAdvance);
    this.orders.onStatus((order, entry) => {
      this.progressor.onStatus(order.orderNumber, order.status);
      this.webhooks.enqueue({ orderNumber: order.orderNumber, trackingCode: order.trackingCode, ...entry });
    });
  }

  /** Replaces the faults (fields left out are off) or, with `merge`, changes only the fields given. */
  configureFaults(input: unknown, merge: boolean): Checked<FaultConfig> {
    const parsed = parseFaultConfig(input, merge ? this.faults.current() : undefined);
    if (parsed.ok) this.faults.replace(parsed.value);
    return parsed;
  }

  /** Same as configureFaults, throwing on invalid input (programmatic use). */
  configureFaultsOrThrow(input: FaultConfigInput, merge: boolean): FaultConfig {
    const parsed = this.configureFaults(input, merge);
    if (!parsed.ok) {
      const detail = parsed.errors.map((e) => `${e.field} ${e.problem}`).join('; ');
      throw new InvalidFaultsError(`invalid fault configuration: ${detail}`, parsed.errors);
    }
    return parsed.value;
  }

  /**
   * Puts in an order placed earlier by another client (`{ order, status }`, status default 1), as if the
   * operator already had it: validated like `POST /v1/orders`, moved to `status`, no webhook, no progress.
   */
  seedOrder(input: unknown): Checked<Exclude<SeedResult, { outcome: 'unreachable' }>> {
    if (!isRecord(input))
      return { ok: false, errors: [{ field: 'body', problem: 'must be { "order": { …as POST /v1/orders… }, "status": 14 }' }] };
    const checked = validateCreateOrder(input.order);
    if (!checked.ok) return { ok: false, errors: checked.errors.map((e) => ({ field: `order.${e.field}`, problem: e.problem })) };
    const status = input.status ?? 1;
    if (typeof status !== 'number' || !Number.isInteger(status))
      return { ok: false, errors: [{ field: 'status', problem: 'must be a status code of the contract' }] };
    const result = this.orders.seed(checked.value, status, Date.now() - 60_000);
    if (result.outcome === 'unreachable')
      return { ok: false, errors: [{ field: 'status', problem: `${status} is not a status a shipment reaches` }] };
    return { ok: true, value: result };
  }

  advance(orderNumber: string): AdvanceResult {
    return this.orders.advance(orderNumber);
  }

  /** Empties orders, tokens and the webhook log, cancels pending work, restores the start-up faults. */
  reset(): void {
    this.progressor.stopAll();
    this.webhooks.reset();
    this.orders.clear();
    this.tokens.clear();
    this.faults.reset();
  }

  /** Stops every timer and in-flight delivery; state stays readable. */
  stop(): void {
    this.progressor.stopAll();
    this.webhooks.stop();
  }
}
