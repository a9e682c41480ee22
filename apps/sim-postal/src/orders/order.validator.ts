import { Checked, FieldProblem, fieldPath, isRecord } from '../shared/field-problem';
import { CreateOrderRequest, Parcel, PostalAddress, SERVICE_CODES, ServiceCode } from './order.model';

/** Collects problems while reading fields, so one response lists every rejected field. */
class FieldReader {
  readonly errors: FieldProblem[] = [];

  constructor(
    private readonly source: Record<string, unknown>,
    private readonly path: string,
  ) {}

  private fail(key: string, problem: string): undefined {
    this.errors.push({ field: fieldPath(this.path, key), problem });
    return undefined;
  }

  requiredString(key: string): string | undefined {
    const value = this.source[key];
    if (value === undefined || value === null) return this.fail(key, 'is required');
    if (typeof value !== 'string') return this.fail(key, 'must be a string');
    if (value.trim() === '') return this.fail(key, 'must not be empty');
    return value;
  }

  optionalString(key: string): string | undefined {
    const value = this.source[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') return this.fail(key, 'must be a string');
    return value;
  }

  positiveInteger(key: string): number | undefined {
    const value = this.source[key];
    if (value === undefined || value === null) return this.fail(key, 'is required');
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) return this.fail(key, 'must be a positive integer');
    return value;
  }

  nonNegativeInteger(key: string, fallback: number): number | undefined {
    const value = this.source[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return this.fail(key, 'must be an integer ≥ 0 (VND)');
    return value;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.requiredString(key);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) return this.fail(key, `must be one of ${allowed.join(', ')}`);
    return value as T;
  }

  /** A nested object, read by `read` with its own dotted path; problems bubble up here. */
  object<T>(key: string, read: (reader: FieldReader) => T): T | undefined {
    const value = this.source[key];
    if (value === undefined || value === null) return this.fail(key, 'is required');
    if (!isRecord(value)) return this.fail(key, 'must be an object');
    const nested = new FieldReader(value, fieldPath(this.path, key));
    const result = read(nested);
    this.errors.push(...nested.errors);
    return result;
  }
}

function readAddress(reader: FieldReader): PostalAddress {
  const address: PostalAddress = {
    name: reader.requiredString('name') ?? '',
    phone: reader.requiredString('phone') ?? '',
    line: reader.requiredString('line') ?? '',
    province: reader.requiredString('province') ?? '',
  };
  const ward = reader.optionalString('ward');
  const provinceCode = reader.optionalString('provinceCode');
  if (ward !== undefined) address.ward = ward;
  if (provinceCode !== undefined) address.provinceCode = provinceCode;
  return address;
}

function readParcel(reader: FieldReader): Parcel {
  const parcel: Parcel = {
    itemCount: reader.positiveInteger('itemCount') ?? 0,
    weightGrams: reader.positiveInteger('weightGrams') ?? 0,
  };
  const contentNote = reader.optionalString('contentNote');
  if (contentNote !== undefined) parcel.contentNote = contentNote;
  return parcel;
}

/**
 * Checks a `POST /v1/orders` body against the contract's rules. Unknown fields are ignored, as an
 * operator's API tolerates extra data; every problem is reported with its dotted field path.
 */
export function validateCreateOrder(body: unknown): Checked<CreateOrderRequest> {
  if (!isRecord(body)) return { ok: false, errors: [{ field: 'body', problem: 'must be a JSON object' }] };
  const reader = new FieldReader(body, '');
  const orderNumber = reader.requiredString('orderNumber');
  const serviceCode = reader.oneOf<ServiceCode>('serviceCode', SERVICE_CODES);
  const sender = reader.object('sender', readAddress);
  const receiver = reader.object('receiver', readAddress);
  const parcel = reader.object('parcel', readParcel);
  const codAmount = reader.nonNegativeInteger('codAmount', 0);
  const note = reader.optionalString('note');
  if (reader.errors.length > 0) return { ok: false, errors: reader.errors };
  const value: CreateOrderRequest = {
    orderNumber: orderNumber!,
    serviceCode: serviceCode!,
    sender: sender!,
    receiver: receiver!,
    parcel: parcel!,
    codAmount: codAmount!,
  };
  if (note !== undefined) value.note = note;
  return { ok: true, value };
}
