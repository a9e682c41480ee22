import type { CallStats, CallStatsSnapshot, CircuitSnapshot } from '@lienthong/runtime';
import type { MessageBody } from '@lienthong/contracts';

type OrderRequested = MessageBody<'postal.order-requested'>;

/** An order as sent to the operator (`POST /v1/orders`): the contract's fields, nothing bus-specific. */
export type PostalOrderRequest = Pick<
  OrderRequested,
  'orderNumber' | 'serviceCode' | 'sender' | 'receiver' | 'parcel' | 'codAmount' | 'note'
>;

/** One step of a shipment as the operator lists it; `occurredAt` is the operator's `dd/MM/yyyy HH:mm:ss`. */
export interface PostalTrackingEntry {
  readonly statusCode: number;
  readonly statusName: string;
  readonly note?: string;
  readonly location?: string;
  readonly occurredAt: string;
}

/** What the operator says about an order. */
export interface PostalOrderView {
  readonly orderNumber: string;
  readonly trackingCode: string;
  readonly status: number;
  readonly statusName?: string;
  readonly totalFee?: number;
  /** The operator's `dd/MM/yyyy HH:mm:ss`, when it says. */
  readonly createdAt?: string;
  readonly history: readonly PostalTrackingEntry[];
}

/** A party of an order as the operator shows it; a field it does not show is absent. */
export interface OperatorParty {
  readonly name?: string;
  readonly phone?: string;
  readonly line?: string;
  readonly ward?: string;
  readonly province?: string;
  readonly provinceCode?: string;
}

/** What the operator shows of an order it already had, to tell whether it is the one meant; absent fields were not shown. */
export interface OperatorOrderDetails {
  readonly serviceCode?: string;
  readonly receiver?: OperatorParty;
  readonly parcel?: { readonly itemCount?: number; readonly weightGrams?: number; readonly contentNote?: string };
  readonly codAmount?: number;
}

/**
 * The outcome of `createOrder`: `existed` when the operator already had this orderNumber (409 ORDER_EXISTS), with
 * what its answer showed of that order (`existing`): its details and, when the answer lists it, its history.
 */
export interface CreatedOrder {
  readonly existed: boolean;
  readonly order: Omit<PostalOrderView, 'history'>;
  readonly existing?: { readonly details: OperatorOrderDetails; readonly history?: readonly PostalTrackingEntry[] };
}

/**
 * The postal operator, as the bus needs it (DI token). Errors are the bus's: `TransientFailure` (retry later:
 * outage, overload, open circuit), `ContractViolation` (the operator refused the order's fields), `PermanentFailure`.
 */
export abstract class PostalPort {
  /**
   * Creates the order; idempotent by `orderNumber` (an order that already exists is returned, `existed: true`,
   * and it is for the caller to check that it is the order meant: the number may be another client's).
   */
  abstract createOrder(order: PostalOrderRequest): Promise<CreatedOrder>;
  /** The order with its tracking history; undefined when the operator does not know it. */
  abstract getOrder(orderNumber: string): Promise<PostalOrderView | undefined>;
  /** Cancels an order (allowed at status 1, 2 or 4); `PostalNotCancellable` (POSTAL.NOT_CANCELLABLE) otherwise. */
  abstract cancelOrder(orderNumber: string, reason?: string): Promise<PostalOrderView>;
  /** Whether calls go out now (circuit breaker state), for readiness and metrics. */
  abstract availability(): CircuitSnapshot;
  /** Last success, last failure and recent error rate of calls to the operator. */
  abstract callStats(): CallStatsSnapshot;
  /** The calls' outcomes and durations themselves, reported as the hop `postal-adapter → postal`. */
  abstract readonly stats: CallStats;
}
