import { formatVietnamTime } from '../webhooks/vietnam-time';
import { computeTotalFee } from './order.fee';
import { CreateOrderRequest, PostalOrder, TrackingEntry } from './order.model';
import { describeStep } from './shipment.narrative';
import { PostalStatus, STATUS_NAMES, PostalStatusCode, isCancellable, isFinal, nextStatus, pathTo } from './status.catalog';
import { TrackingCodeGenerator } from './tracking-code.generator';

/** Told about every status an order enters (creation included), after it is recorded. */
export type StatusListener = (order: PostalOrder, entry: TrackingEntry) => void;

export interface OrderStoreDeps {
  trackingCodes: TrackingCodeGenerator;
  /** Asked when a shipment leaves 12: true sends it down 15 → 20. */
  deliveryFails: (orderNumber: string) => boolean;
  now: () => number;
}

export type CancelResult =
  { outcome: 'not-found' } | { outcome: 'not-cancellable'; order: PostalOrder } | { outcome: 'cancelled'; order: PostalOrder };

export type SeedResult = { outcome: 'exists'; order: PostalOrder } | { outcome: 'unreachable' } | { outcome: 'seeded'; order: PostalOrder };

export type AdvanceResult =
  { outcome: 'not-found' } | { outcome: 'final'; order: PostalOrder } | { outcome: 'advanced'; order: PostalOrder };

/**
 * The simulator's orders, in memory. Invariants: `orderNumber` is unique; `status` and
 * `statusName` always equal the last `history` entry; a final status (19, 20, 22) never changes;
 * each step's `occurredAt` is at least one second after the previous one, so `occurredAt` (which
 * has whole seconds) orders an order's events even when steps run faster than a second apart.
 * Callers get copies, so nothing outside can bypass these rules.
 */
export class OrderStore {
  private readonly orders = new Map<string, PostalOrder>();
  /** Instant of each order's last step, so the next one can be kept strictly later. */
  private readonly lastStepAt = new Map<string, number>();
  private readonly listeners: StatusListener[] = [];

  constructor(private readonly deps: OrderStoreDeps) {}

  onStatus(listener: StatusListener): void {
    this.listeners.push(listener);
  }

  /** Creates the order at status 1, or returns the existing one untouched (`created: false`). */
  create(request: CreateOrderRequest): { created: boolean; order: PostalOrder } {
    const existing = this.orders.get(request.orderNumber);
    if (existing) return { created: false, order: structuredClone(existing) };
    const now = formatVietnamTime(this.deps.now());
    const order: PostalOrder = {
      ...structuredClone(request),
      trackingCode: this.deps.trackingCodes.issue(),
      status: 0,
      statusName: '',
      totalFee: computeTotalFee(request.serviceCode, request.parcel.weightGrams, request.codAmount),
      createdAt: now,
      updatedAt: now,
      history: [],
    };
    this.orders.set(order.orderNumber, order);
    this.enter(order, PostalStatus.CREATED);
    return { created: true, order: structuredClone(order) };
  }

  /**
   * Puts in an order another client placed before (a previous installation, a staging system on the same
   * account), already moved along to `status` with one history step a minute, the last one `lastStepAt`.
   * Its past went to somebody else: nobody is told about these steps (no webhook) and the order moves on only
   * when advanced by hand.
   */
  seed(request: CreateOrderRequest, status: number, lastStepAt: number): SeedResult {
    const existing = this.orders.get(request.orderNumber);
    if (existing) return { outcome: 'exists', order: structuredClone(existing) };
    const path = pathTo(status);
    if (!path) return { outcome: 'unreachable' };
    const stepAt = (i: number): number => lastStepAt - (path.length - 1 - i) * 60_000;
    const history: TrackingEntry[] = path.map((code, i) => ({
      statusCode: code,
      statusName: STATUS_NAMES[code],
      ...describeStep(code, request.sender, request.receiver),
      occurredAt: formatVietnamTime(stepAt(i)),
    }));
    const order: PostalOrder = {
      ...structuredClone(request),
      trackingCode: this.deps.trackingCodes.issue(),
      status: path[path.length - 1],
      statusName: STATUS_NAMES[path[path.length - 1]],
      totalFee: computeTotalFee(request.serviceCode, request.parcel.weightGrams, request.codAmount),
      createdAt: history[0].occurredAt,
      updatedAt: history[history.length - 1].occurredAt,
      history,
    };
    this.orders.set(order.orderNumber, order);
    this.lastStepAt.set(order.orderNumber, stepAt(path.length - 1));
    return { outcome: 'seeded', order: structuredClone(order) };
  }

  find(orderNumber: string): PostalOrder | undefined {
    const order = this.orders.get(orderNumber);
    return order && structuredClone(order);
  }

  list(): PostalOrder[] {
    return [...this.orders.values()].map((order) => structuredClone(order));
  }

  cancel(orderNumber: string, reason?: string): CancelResult {
    const order = this.orders.get(orderNumber);
    if (!order) return { outcome: 'not-found' };
    if (!isCancellable(order.status)) return { outcome: 'not-cancellable', order: structuredClone(order) };
    this.enter(order, PostalStatus.CANCELLED, reason);
    return { outcome: 'cancelled', order: structuredClone(order) };
  }

  /** Moves a shipment one step along its path (see `nextStatus`). */
  advance(orderNumber: string): AdvanceResult {
    const order = this.orders.get(orderNumber);
    if (!order) return { outcome: 'not-found' };
    const next = isFinal(order.status) ? undefined : nextStatus(order.status, () => this.deps.deliveryFails(orderNumber));
    if (next === undefined) return { outcome: 'final', order: structuredClone(order) };
    this.enter(order, next);
    return { outcome: 'advanced', order: structuredClone(order) };
  }

  clear(): void {
    this.orders.clear();
    this.lastStepAt.clear();
  }

  private enter(order: PostalOrder, status: PostalStatusCode, cancelReason?: string): void {
    const previous = this.lastStepAt.get(order.orderNumber);
    const at = previous === undefined ? this.deps.now() : Math.max(this.deps.now(), previous + 1000);
    this.lastStepAt.set(order.orderNumber, at);
    const occurredAt = formatVietnamTime(at);
    const entry: TrackingEntry = {
      statusCode: status,
      statusName: STATUS_NAMES[status],
      ...describeStep(status, order.sender, order.receiver, cancelReason),
      occurredAt,
    };
    order.status = status;
    order.statusName = entry.statusName;
    order.updatedAt = occurredAt;
    order.history.push(entry);
    const snapshot = structuredClone(order);
    for (const listener of this.listeners) listener(snapshot, { ...entry });
  }
}
