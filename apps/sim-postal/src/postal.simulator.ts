import { AddressInfo } from 'node:net';
import { FaultConfig, FaultConfigInput } from './faults/fault.config';
import { createApiServer } from './http/api.server';
import { CreateOrderRequest, PostalOrder } from './orders/order.model';
import { SimulatorCore } from './simulator.core';
import { PostalSimulatorOptions, resolveSettings } from './simulator.options';
import { WebhookAttempt } from './webhooks/webhook.dispatcher';

/** An order as `POST /v1/orders` takes it (`codAmount` optional). */
export type CreateOrderInput = Omit<CreateOrderRequest, 'codAmount'> & { codAmount?: number };

/** A running postal simulator. */
export interface PostalSimulator {
  /** Base URL of the postal API, e.g. `http://127.0.0.1:3102` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Seed of the random decisions; pass it back as `seed` to replay a run. */
  readonly seed: number;
  /** Where tracking callbacks go (null = disabled). */
  readonly webhookUrl: string | null;
  /** Replaces the faults: fields left out are off. Throws InvalidFaultsError (`SIM_POSTAL.INVALID_FAULTS`). */
  setFaults(faults: FaultConfigInput): FaultConfig;
  /** Changes only the given fault fields. */
  updateFaults(faults: FaultConfigInput): FaultConfig;
  /** The live fault configuration (with `times` counted down). */
  faults(): FaultConfig;
  /** Snapshot of every order with its history. */
  orders(): PostalOrder[];
  /**
   * Puts in an order another client placed earlier (a previous installation, a staging system on the same
   * account), already at `status` (default 1) with its history, without webhooks or further progress.
   * Throws if it is invalid, unreachable or already exists.
   */
  seedOrder(order: CreateOrderInput, status?: number): PostalOrder;
  /** Moves one shipment a step now; throws if unknown or already final. */
  advance(orderNumber: string): PostalOrder;
  /** Expires every token issued so far (the next API call gets 401). */
  expireTokens(): void;
  /** Every webhook delivery attempt and its answer, oldest first. */
  webhookLog(): WebhookAttempt[];
  /** Forgets orders, tokens and webhook log; restores the start-up faults. */
  reset(): void;
  /** Stops timers and deliveries, drops open connections (hung requests included), closes the port. */
  close(): Promise<void>;
}

/** Starts the postal public-utility service simulator (contract postal-rest v1) and resolves once it listens. */
export async function startPostalSimulator(options: PostalSimulatorOptions = {}): Promise<PostalSimulator> {
  const settings = resolveSettings(options);
  const core = new SimulatorCore(settings);
  const closing = new AbortController();
  const server = createApiServer(core, closing.signal);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  let closed: Promise<void> | undefined;

  return {
    url: `http://${host}:${port}`,
    port,
    seed: settings.seed,
    webhookUrl: settings.webhookUrl,
    setFaults: (faults) => core.configureFaultsOrThrow(faults, false),
    updateFaults: (faults) => core.configureFaultsOrThrow(faults, true),
    faults: () => core.faults.current(),
    orders: () => core.orders.list(),
    seedOrder(order, status) {
      const seeded = core.seedOrder({ order, ...(status === undefined ? {} : { status }) });
      if (!seeded.ok) throw new Error(`SIM_POSTAL.INVALID_SEED: ${seeded.errors.map((e) => `${e.field} ${e.problem}`).join('; ')}`);
      if (seeded.value.outcome === 'exists') throw new Error(`SIM_POSTAL.ORDER_EXISTS: order "${order.orderNumber}" already exists`);
      return seeded.value.order;
    },
    advance(orderNumber) {
      const result = core.advance(orderNumber);
      if (result.outcome === 'not-found') throw new Error(`SIM_POSTAL.ORDER_NOT_FOUND: no order "${orderNumber}"`);
      if (result.outcome === 'final')
        throw new Error(`SIM_POSTAL.FINAL_STATUS: order "${orderNumber}" is at final status ${result.order.status}`);
      return result.order;
    },
    expireTokens: () => void core.tokens.expireAll(),
    webhookLog: () => core.webhooks.log(),
    reset: () => core.reset(),
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        core.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
