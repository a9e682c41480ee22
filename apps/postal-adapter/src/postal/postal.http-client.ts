import { CallStats, type CallStatsSnapshot, type CallVerdict, CircuitBreaker, type CircuitSnapshot } from '@lienthong/runtime';
import { Logger } from '@nestjs/common';
import axios, { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import { ContractViolation, PermanentFailure, TransientFailure } from '@lienthong/messaging';
import { PostalNotCancellable } from './postal.errors';
import {
  type CreatedOrder,
  type OperatorOrderDetails,
  type OperatorParty,
  type PostalOrderRequest,
  type PostalOrderView,
  PostalPort,
  type PostalTrackingEntry,
} from './postal.port';
import { backoffDelay, retryAfterMs } from './retry-timing';
import { type IssuedToken, TokenCache } from './token.cache';

export type PostalEndpoint = 'token' | 'createOrder' | 'getOrder' | 'cancelOrder';

/** How to reach the operator and how hard to try. */
export interface VnpostHttpOptions {
  /** e.g. `https://api.vnpost.example` (no trailing slash needed). */
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Whole-call limit of each HTTP exchange. */
  readonly timeoutMs: number;
  /** Attempts per call for outages (5xx, timeouts) and 429s; a 401 renewal does not count. */
  readonly maxAttempts: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** A `Retry-After` longer than this is not waited out in-process: the call fails transiently instead. */
  readonly maxRetryAfterMs: number;
  readonly breaker: { readonly failureThreshold: number; readonly cooldownMs: number };
}

/** Told about every HTTP exchange (metrics). */
export interface PostalCallObserver {
  exchange(endpoint: PostalEndpoint, outcome: string, durationMs: number): void;
}

/** How one attempt ended, short of a usable answer. */
type Setback =
  | { readonly kind: 'unauthorized'; readonly token: string }
  /** 429: the operator is up but asks us to slow down; not held against the circuit. */
  | { readonly kind: 'throttled'; readonly reason: string; readonly waitMs?: number }
  /** 5xx, timeout, refused connection: counts toward opening the circuit. */
  | { readonly kind: 'outage'; readonly reason: string; readonly waitMs?: number };

class SetbackError extends Error {
  constructor(readonly setback: Setback) {
    super(setback.kind === 'unauthorized' ? 'access token refused (401)' : setback.reason);
  }
}

/** What a setback says about the operator, for the circuit breaker: an outage counts; a 401 is an answer; a 429 tells nothing. */
const SETBACK_VERDICT: Record<Setback['kind'], CallVerdict> = { outage: 'down', unauthorized: 'up', throttled: 'neutral' };

/** Any other error of an attempt (credentials refused, an unreadable answer) tells nothing about the operator's health. */
const verdictOf = (error: unknown): CallVerdict => (error instanceof SetbackError ? SETBACK_VERDICT[error.setback.kind] : 'neutral');

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The postal operator's REST API (postal-rest v1) over axios: OAuth client-credentials token cached and
 * renewed, idempotent order creation keyed by `orderNumber`, retries with backoff for outages and 429s
 * (honouring `Retry-After`), all behind one circuit breaker. Every exchange has a timeout.
 */
export class VnpostHttpAdapter extends PostalPort {
  private readonly logger = new Logger('VnpostHttpAdapter');
  private readonly http: AxiosInstance;
  private readonly breaker: CircuitBreaker;
  readonly tokens = new TokenCache();

  constructor(
    private readonly options: VnpostHttpOptions,
    private readonly observer?: PostalCallObserver,
  ) {
    super();
    this.http = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs,
      validateStatus: () => true,
      maxRedirects: 0,
      headers: { Accept: 'application/json' },
    });
    this.breaker = new CircuitBreaker('postal API', {
      failureThreshold: options.breaker.failureThreshold,
      openMs: options.breaker.cooldownMs,
      openCode: 'POSTAL.CIRCUIT_OPEN',
      onChange: (from, to, reason) => {
        const line = `postal API circuit ${from} → ${to}: ${reason}`;
        if (to === 'open') this.logger.error(line);
        else this.logger.warn(line);
      },
    });
  }

  /** Outcomes of calls over the last minutes: last success, error rate (readiness details, dashboard); call durations. */
  readonly stats = new CallStats();

  callStats(): CallStatsSnapshot {
    return this.stats.snapshot();
  }

  availability(): CircuitSnapshot {
    return this.breaker.snapshot();
  }

  async createOrder(order: PostalOrderRequest): Promise<CreatedOrder> {
    const res = await this.call('createOrder', { method: 'POST', url: '/v1/orders', data: order });
    if (res.status === 201) return { existed: false, order: readOrder(res.data, 'createOrder') };
    if (res.status === 409 && res.data?.code === 'ORDER_EXISTS') {
      this.logger.log(`order ${order.orderNumber} already exists at the operator (409 ORDER_EXISTS); checking that it is this order`);
      const existing = res.data.order as unknown;
      const history = (existing as { history?: unknown } | undefined)?.history;
      return {
        existed: true,
        order: readOrder(existing, 'createOrder'),
        existing: { details: readDetails(existing), ...(Array.isArray(history) ? { history: readHistory(history) } : {}) },
      };
    }
    throw unexpected('createOrder', res);
  }

  async getOrder(orderNumber: string): Promise<PostalOrderView | undefined> {
    const res = await this.call('getOrder', { method: 'GET', url: `/v1/orders/${encodeURIComponent(orderNumber)}` });
    if (res.status === 200) return { ...readOrder(res.data, 'getOrder'), history: readHistory(res.data?.history) };
    if (res.status === 404) return undefined;
    throw unexpected('getOrder', res);
  }

  async cancelOrder(orderNumber: string, reason?: string): Promise<PostalOrderView> {
    const res = await this.call('cancelOrder', {
      method: 'POST',
      url: `/v1/orders/${encodeURIComponent(orderNumber)}/cancel`,
      data: reason ? { reason } : {},
    });
    if (res.status === 200) return { ...readOrder(res.data, 'cancelOrder'), history: readHistory(res.data?.history) };
    if (res.status === 409 && res.data?.code === 'NOT_CANCELLABLE') {
      const status = typeof res.data.status === 'number' ? (res.data.status as number) : undefined;
      // A retried cancel whose first attempt went through finds the order cancelled (22): that is success.
      if (status === 22) {
        const order = await this.getOrder(orderNumber);
        if (order) return order;
      }
      throw new PostalNotCancellable(orderNumber, status, String(res.data.message ?? 'the operator answered 409 NOT_CANCELLABLE'));
    }
    if (res.status === 404) throw new PermanentFailure('POSTAL.ORDER_NOT_FOUND', `the operator has no order "${orderNumber}" to cancel`);
    throw unexpected('cancelOrder', res);
  }

  /**
   * One API call with its retries. Returns the operator's answer (2xx, or a 4xx the caller interprets);
   * throws `TransientFailure` when retries or the circuit say stop, `ContractViolation` on 400 VALIDATION.
   */
  private async call(endpoint: PostalEndpoint, request: AxiosRequestConfig): Promise<AxiosResponse> {
    let renewed = false;
    for (let attempt = 1; ;) {
      let setback: Setback;
      const started = Date.now();
      try {
        const res = await this.breaker.run(endpoint, () => this.attempt(endpoint, request), verdictOf);
        this.stats.record(true, Date.now(), Date.now() - started);
        if (res.status === 400 && res.data?.code === 'VALIDATION') throw validationError(endpoint, res.data);
        return res;
      } catch (error) {
        if (!(error instanceof SetbackError)) throw error;
        setback = error.setback;
      }
      if (setback.kind === 'unauthorized') {
        this.tokens.invalidate(setback.token);
        if (renewed) throw new TransientFailure('POSTAL.UNAUTHORIZED', `${endpoint}: the operator refused a freshly issued token (401)`);
        this.logger.log(`${endpoint}: access token expired (401); renewing it and retrying`);
        renewed = true;
        continue; // a renewal is not a failed attempt
      }
      this.stats.record(false, Date.now(), Date.now() - started);
      const code = setback.kind === 'throttled' ? 'POSTAL.RATE_LIMITED' : 'POSTAL.UNAVAILABLE';
      if (attempt >= this.options.maxAttempts)
        throw new TransientFailure(code, `${endpoint} failed after ${attempt} attempts: ${setback.reason}`);
      const waitMs = setback.waitMs ?? backoffDelay(attempt, this.options.backoffBaseMs, this.options.backoffMaxMs);
      if (waitMs > this.options.maxRetryAfterMs) {
        throw new TransientFailure(
          code,
          `${endpoint}: ${setback.reason}; the operator asks to wait ${Math.ceil(waitMs / 1000)} s, longer than this call waits (left to the bus's retry queue)`,
        );
      }
      this.logger.warn(`${endpoint} attempt ${attempt}/${this.options.maxAttempts}: ${setback.reason}; retrying in ${waitMs} ms`);
      await sleep(waitMs);
      attempt += 1;
    }
  }

  /** One exchange with a current token. Throws SetbackError for what a retry or renewal may fix. */
  private async attempt(endpoint: PostalEndpoint, request: AxiosRequestConfig): Promise<AxiosResponse> {
    const token = await this.tokens.get(() => this.issueToken());
    const res = await this.exchange(endpoint, { ...request, headers: { ...request.headers, Authorization: `Bearer ${token}` } });
    if (res.status === 401) throw new SetbackError({ kind: 'unauthorized', token });
    classify(res);
    return res;
  }

  /** `POST /oauth/token`, client_credentials with HTTP Basic. */
  private async issueToken(): Promise<IssuedToken> {
    const res = await this.exchange('token', {
      method: 'POST',
      url: '/oauth/token',
      data: 'grant_type=client_credentials',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      auth: { username: this.options.clientId, password: this.options.clientSecret },
    });
    classify(res);
    if (res.status === 200 && typeof res.data?.access_token === 'string' && Number(res.data.expires_in) > 0) {
      return { accessToken: res.data.access_token as string, expiresInSeconds: Number(res.data.expires_in) };
    }
    if (res.status === 400 || res.status === 401) {
      const detail = [res.data?.error, res.data?.error_description].filter(Boolean).join(': ');
      throw new PermanentFailure(
        'POSTAL.BAD_CREDENTIALS',
        `the operator refused the client credentials (${res.status}${detail ? ` ${detail}` : ''}); check POSTAL_CLIENT_ID and POSTAL_CLIENT_SECRET`,
      );
    }
    throw unexpected('token', res);
  }

  /** One HTTP exchange; network errors and timeouts become an outage setback. */
  private async exchange(endpoint: PostalEndpoint, request: AxiosRequestConfig): Promise<AxiosResponse> {
    const started = Date.now();
    try {
      const res = await this.http.request({ ...request, signal: AbortSignal.timeout(this.options.timeoutMs) });
      this.observer?.exchange(endpoint, String(res.status), Date.now() - started);
      return res;
    } catch (error) {
      const timedOut =
        axios.isAxiosError(error) && (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT' || error.code === 'ERR_CANCELED');
      const reason = timedOut
        ? `no answer within ${this.options.timeoutMs} ms (POSTAL_TIMEOUT_MS)`
        : `cannot reach ${this.options.baseUrl}: ${(error as Error).message}`;
      this.observer?.exchange(endpoint, timedOut ? 'timeout' : 'network', Date.now() - started);
      throw new SetbackError({ kind: 'outage', reason: `${endpoint}: ${reason}` });
    }
  }
}

/** Throws the setback a status calls for: 429 throttled, 5xx (and 408) an outage; other answers pass. */
function classify(res: AxiosResponse): void {
  const wait = retryAfterMs(res.headers['retry-after']);
  const what = `${res.status}${res.data?.code ? ` ${res.data.code}` : ''}`;
  if (res.status === 429) throw new SetbackError({ kind: 'throttled', reason: `rate limited (${what})`, waitMs: wait });
  if (res.status >= 500 || res.status === 408)
    throw new SetbackError({ kind: 'outage', reason: `the operator answered ${what}`, waitMs: wait });
}

function validationError(endpoint: PostalEndpoint, body: { errors?: unknown; message?: unknown }): ContractViolation {
  const errors = Array.isArray(body.errors) ? (body.errors as Array<{ field?: unknown; problem?: unknown }>) : [];
  const reasons = errors.map((e) => ({
    field: String(e.field ?? 'body'),
    problem: `${String(e.problem ?? 'is invalid')} (postal operator)`,
  }));
  return new ContractViolation(
    reasons.length > 0
      ? reasons
      : [{ field: 'body', problem: `${endpoint} refused by the postal operator: ${String(body.message ?? 'VALIDATION')}` }],
    'POSTAL.VALIDATION',
  );
}

function unexpected(endpoint: PostalEndpoint, res: AxiosResponse): PermanentFailure {
  const body = typeof res.data === 'string' ? res.data : JSON.stringify(res.data ?? null);
  return new PermanentFailure('POSTAL.UNEXPECTED_ANSWER', `${endpoint}: the operator answered ${res.status} ${body.slice(0, 300)}`);
}

function readOrder(data: unknown, endpoint: PostalEndpoint): Omit<PostalOrderView, 'history'> {
  const o = (data ?? {}) as Record<string, unknown>;
  if (typeof o.orderNumber !== 'string' || typeof o.trackingCode !== 'string' || typeof o.status !== 'number') {
    throw new PermanentFailure(
      'POSTAL.UNEXPECTED_ANSWER',
      `${endpoint}: the operator's order lacks orderNumber, trackingCode or status: ${JSON.stringify(data).slice(0, 300)}`,
    );
  }
  return {
    orderNumber: o.orderNumber,
    trackingCode: o.trackingCode,
    status: o.status,
    ...(typeof o.statusName === 'string' ? { statusName: o.statusName } : {}),
    ...(typeof o.totalFee === 'number' ? { totalFee: o.totalFee } : {}),
    ...(typeof o.createdAt === 'string' ? { createdAt: o.createdAt } : {}),
  };
}

/** What an operator's order shows of its service, receiver, parcel and COD amount; fields of another type are left out. */
function readDetails(data: unknown): OperatorOrderDetails {
  const o = (data ?? {}) as Record<string, unknown>;
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const count = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
  const receiver = o.receiver && typeof o.receiver === 'object' ? (o.receiver as Record<string, unknown>) : undefined;
  const parcel = o.parcel && typeof o.parcel === 'object' ? (o.parcel as Record<string, unknown>) : undefined;
  return defined({
    serviceCode: text(o.serviceCode),
    receiver: receiver
      ? defined<OperatorParty>({
          name: text(receiver.name),
          phone: text(receiver.phone),
          line: text(receiver.line),
          ward: text(receiver.ward),
          province: text(receiver.province),
          provinceCode: text(receiver.provinceCode),
        })
      : undefined,
    parcel: parcel
      ? defined({ itemCount: count(parcel.itemCount), weightGrams: count(parcel.weightGrams), contentNote: text(parcel.contentNote) })
      : undefined,
    codAmount: count(o.codAmount),
  });
}

function readHistory(data: unknown): PostalTrackingEntry[] {
  if (!Array.isArray(data)) return [];
  return data
    .filter(
      (e): e is Record<string, unknown> =>
        typeof e === 'object' && e !== null && typeof e.statusCode === 'number' && typeof e.occurredAt === 'string',
    )
    .map((e) => ({
      statusCode: e.statusCode as number,
      statusName: typeof e.statusName === 'string' ? e.statusName : '',
      occurredAt: e.occurredAt as string,
      ...(typeof e.note === 'string' ? { note: e.note } : {}),
      ...(typeof e.location === 'string' ? { location: e.location } : {}),
    }));
}
