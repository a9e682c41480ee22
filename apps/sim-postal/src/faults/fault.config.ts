import { Checked, FieldProblem, fieldPath, isRecord } from '../shared/field-problem';

/** The API endpoints a fault can be aimed at. */
export const POSTAL_ENDPOINTS = ['token', 'createOrder', 'getOrder', 'cancelOrder'] as const;
export type PostalEndpoint = (typeof POSTAL_ENDPOINTS)[number];

/** A fault answered instead of (or, with `afterCommit`, after) the real handling of a request. */
export interface HttpFault {
  /** Chance per matching request, 0..1. */
  probability: number;
  /** Hit at most this many more requests, then stay quiet; null = no limit. Counts down at run time. */
  times: number | null;
  /** Only these endpoints; null = every API endpoint (never the admin API). */
  endpoints: PostalEndpoint[] | null;
  /** Run the request for real first (the order is created / cancelled), then fail the answer. */
  afterCommit: boolean;
}

export interface RetryAfterFault extends HttpFault {
  /** `Retry-After` header, in seconds; null = no header. */
  retryAfterSeconds: number | null;
}

export interface DeliveryFaults {
  /** Chance that a shipment leaving 12 fails (15 then 20). */
  failureProbability: number;
  /** Order numbers whose delivery always fails; an entry ending in `*` matches a prefix. */
  failOrderNumbers: string[];
}

/** Orders the operator refuses outright (an address it does not serve, say): 400 VALIDATION, nothing created. */
export interface RefusalFaults {
  /** Order numbers refused; an entry ending in `*` matches a prefix. */
  orderNumbers: string[];
  /** The field the refusal names, e.g. `receiver.line`. */
  field: string;
  /** Why, as the operator words it. */
  problem: string;
}

export interface WebhookFaults {
  /** Chance that a delivered event is sent once more, same transaction id. */
  duplicateProbability: number;
  /** Chance that an event is held back and sent after the order's next event. */
  outOfOrderProbability: number;
  /** How long a held event waits when no next event comes (final statuses). */
  outOfOrderHoldMs: number;
  /** Chance that the first attempt is dropped before it reaches the receiver (it is then retried). */
  dropFirstAttemptProbability: number;
  /** Chance that an event is never sent at all (the bus must notice by polling). */
  lostProbability: number;
}

/** Every fault the simulator can inject; all zero by default. */
export interface FaultConfig {
  /** Added before every API answer, in ms. */
  latencyMs: number;
  /** Never answer (the client's timeout fires). */
  hang: HttpFault;
  /** 503, with `Retry-After` if set. */
  unavailable: RetryAfterFault;
  /** 429, always with `Retry-After` as the contract requires. */
  rateLimit: HttpFault & { retryAfterSeconds: number };
  /** 500. */
  serverError: HttpFault;
  /** 401 as if the presented token had expired; the token is really expired, so it must be renewed. */
  tokenExpiry: HttpFault;
  delivery: DeliveryFaults;
  refusal: RefusalFaults;
  webhook: WebhookFaults;
}

/** What callers may send: any subset, at any depth. */
export type FaultConfigInput = {
  [K in keyof FaultConfig]?: FaultConfig[K] extends object ? Partial<FaultConfig[K]> : FaultConfig[K];
};

const quietHttp = (): HttpFault => ({ probability: 0, times: null, endpoints: null, afterCommit: false });

/** No faults at all. */
export function defaultFaults(): FaultConfig {
  return {
    latencyMs: 0,
    hang: quietHttp(),
    unavailable: { ...quietHttp(), retryAfterSeconds: null },
    rateLimit: { ...quietHttp(), retryAfterSeconds: 1 },
    serverError: quietHttp(),
    tokenExpiry: quietHttp(),
    delivery: { failureProbability: 0, failOrderNumbers: [] },
    refusal: { orderNumbers: [], field: 'receiver.line', problem: 'địa chỉ nằm ngoài vùng phục vụ của bưu cục' },
    webhook: {
      duplicateProbability: 0,
      outOfOrderProbability: 0,
      outOfOrderHoldMs: 1000,
      dropFirstAttemptProbability: 0,
      lostProbability: 0,
    },
  };
}

type FieldRule = (value: unknown) => string | undefined;
const probability: FieldRule = (v) => (typeof v === 'number' && v >= 0 && v <= 1 ? undefined : 'must be a number from 0 to 1');
const nonNegativeInt: FieldRule = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? undefined : 'must be an integer ≥ 0');
const orNull =
  (rule: FieldRule): FieldRule =>
  (v) =>
    v === null ? undefined : rule(v);
const bool: FieldRule = (v) => (typeof v === 'boolean' ? undefined : 'must be true or false');
const endpoints: FieldRule = (v) =>
  Array.isArray(v) && v.every((e) => (POSTAL_ENDPOINTS as readonly unknown[]).includes(e))
    ? undefined
    : `must be an array of ${POSTAL_ENDPOINTS.join(', ')}`;
const text: FieldRule = (v) => (typeof v === 'string' && v.trim() !== '' ? undefined : 'must be a non-empty string');
const strings: FieldRule = (v) => (Array.isArray(v) && v.every((e) => typeof e === 'string') ? undefined : 'must be an array of strings');

const HTTP_RULES = { probability, times: orNull(nonNegativeInt), endpoints: orNull(endpoints), afterCommit: bool };
const RETRY_AFTER_RULES = { ...HTTP_RULES, retryAfterSeconds: orNull(nonNegativeInt) };
const RATE_LIMIT_RULES = { ...HTTP_RULES, retryAfterSeconds: nonNegativeInt };
const SECTION_RULES: Record<Exclude<keyof FaultConfig, 'latencyMs'>, Record<string, FieldRule>> = {
  hang: HTTP_RULES,
  unavailable: RETRY_AFTER_RULES,
  rateLimit: RATE_LIMIT_RULES,
  serverError: HTTP_RULES,
  tokenExpiry: HTTP_RULES,
  delivery: { failureProbability: probability, failOrderNumbers: strings },
  refusal: { orderNumbers: strings, field: text, problem: text },
  webhook: {
    duplicateProbability: probability,
    outOfOrderProbability: probability,
    outOfOrderHoldMs: nonNegativeInt,
    dropFirstAttemptProbability: probability,
    lostProbability: probability,
  },
};

function mergeSection(path: string, input: unknown, base: object, rules: Record<string, FieldRule>, errors: FieldProblem[]): object {
  if (!isRecord(input)) {
    errors.push({ field: path, problem: 'must be an object' });
    return base;
  }
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(input)) {
    const rule = rules[key];
    const problem = rule ? rule(value) : `is not a known field (known: ${Object.keys(rules).join(', ')})`;
    if (problem) errors.push({ field: fieldPath(path, key), problem });
    else merged[key] = value;
  }
  return merged;
}

/**
 * Reads a fault configuration laid over `base`: fields present in `input` replace those of `base`
 * one by one (so `base` = defaults gives replace semantics, `base` = current gives a merge).
 * Unknown fields are rejected, so a typo cannot silently leave a fault off.
 */
export function parseFaultConfig(input: unknown, base: FaultConfig = defaultFaults()): Checked<FaultConfig> {
  if (!isRecord(input)) return { ok: false, errors: [{ field: 'faults', problem: 'must be a JSON object' }] };
  const errors: FieldProblem[] = [];
  const result = structuredClone(base) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(input)) {
    if (key === 'latencyMs') {
      const problem = nonNegativeInt(value);
      if (problem) errors.push({ field: key, problem });
      else result.latencyMs = value;
    } else if (key in SECTION_RULES) {
      const section = key as keyof typeof SECTION_RULES;
      result[section] = mergeSection(key, value, result[section] as object, SECTION_RULES[section], errors);
    } else {
      errors.push({ field: key, problem: `is not a known fault (known: latencyMs, ${Object.keys(SECTION_RULES).join(', ')})` });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: result as unknown as FaultConfig };
}

/** A fault configuration given through the programmatic API was rejected; `errors` names each field. */
export class InvalidFaultsError extends Error {
  readonly code = 'SIM_POSTAL.INVALID_FAULTS';

  constructor(
    message: string,
    readonly errors: FieldProblem[],
  ) {
    super(message);
    this.name = 'InvalidFaultsError';
  }
}
