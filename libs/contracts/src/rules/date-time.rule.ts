import { registerDecorator, ValidationArguments } from 'class-validator';

/**
 * RFC 3339 date-time (the ISO 8601 profile JSON uses): `2026-04-15T08:30:00+07:00`, seconds required,
 * optional fraction (up to 9 digits), offset required (`Z` or `±hh:mm`). The pattern checks the shape;
 * ranges are checked separately because JavaScript's Date silently rolls `02-30` over into March.
 */
const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/** The source of the date-time pattern (for JSON Schemas). */
export const OFFSET_DATE_TIME_PATTERN = OFFSET_DATE_TIME.source;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Two ASCII digits at `i` as a number (the pattern guarantees they are digits). */
function twoDigits(s: string, i: number): number {
  return (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48);
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil), without a Date object. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * Parses an RFC 3339 date-time with offset into epoch milliseconds (with sub-millisecond fraction), or
 * `undefined` when the value is not one (wrong type, no offset, impossible date or time). Allocation-free
 * on the common path: it runs several times per message.
 */
export function parseOffsetDateTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || !OFFSET_DATE_TIME.test(value)) return undefined;
  const year = twoDigits(value, 0) * 100 + twoDigits(value, 2);
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  const hour = twoDigits(value, 11);
  const minute = twoDigits(value, 14);
  const second = twoDigits(value, 17);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1])) return undefined;
  const end = value.length;
  let offsetMinutes = 0;
  if (value.charCodeAt(end - 1) !== 90 /* Z */) {
    const offsetHour = twoDigits(value, end - 5);
    const offsetMinute = twoDigits(value, end - 2);
    if (offsetHour > 23 || offsetMinute > 59) return undefined;
    offsetMinutes = (value.charCodeAt(end - 6) === 45 /* - */ ? -1 : 1) * (offsetHour * 60 + offsetMinute);
  }
  const fractionEnd = value.charCodeAt(end - 1) === 90 ? end - 1 : end - 6;
  const fraction = fractionEnd > 19 ? Number(value.slice(19, fractionEnd).replace('.', '0.')) * 1000 : 0;
  const seconds = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
  return seconds * 1000 + fraction;
}

/** Property is an RFC 3339 date-time WITH offset (Vietnam: `+07:00`), e.g. `2026-04-15T08:30:00+07:00`. */
export function IsOffsetDateTime(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isOffsetDateTime',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => parseOffsetDateTime(value) !== undefined,
        defaultMessage: () => "must be an ISO 8601 date-time with seconds and offset, e.g. '2026-04-15T08:30:00+07:00'",
      },
    });
}

/**
 * Property (a date-time) is strictly later than the sibling date-time `otherField`. Passes when either
 * is not a valid date-time: that is reported by their own format rule, not twice.
 */
export function IsAfterField(otherField: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAfterField',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [otherField],
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          const self = parseOffsetDateTime(value);
          const other = parseOffsetDateTime((args.object as Record<string, unknown>)[otherField]);
          return self === undefined || other === undefined || self > other;
        },
        defaultMessage: () => `must be after ${otherField}`,
      },
    });
}
