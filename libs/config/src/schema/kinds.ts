import { isIP } from 'node:net';

/**
 * The forms a variable's value may take. Each kind parses the trimmed text of a variable and says, in words an
 * operator can act on, what it accepts (`form`, completing "X must be ..."); the same words go into
 * docs/configuration.md. Durations are in milliseconds and sizes in bytes, written as plain digits: a unit such as
 * `15s` or `50MB` is refused with the value converted, never guessed.
 */
export interface Kind<T> {
  /** Completes "X must be ...": "a duration in milliseconds from 100 to 3600000". */
  readonly form: string;
  /** The value, or why the text does not fit (`hint`, added after the form; may be empty). */
  parse(text: string): Parsed<T>;
  /** How a value is written in messages and docs. */
  show(value: T): string;
  /** Whether a given value is shown only by its length (secrets). */
  readonly masked?: boolean;
  /** The value an empty text stands for, when empty is not "unset" (`POSTAL_WEBHOOK_URL=` turns webhooks off). */
  readonly empty?: T;
}

export type Parsed<T> = { readonly value: T } | { readonly hint: string };

const fits = <T>(value: T): Parsed<T> => ({ value });
const unfit = (hint = ''): Parsed<never> => ({ hint });
const quoted = (value: string): string => `"${value}"`;

const DIGITS = /^-?\d+$/;
const DURATION_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  sec: 1_000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};
const SIZE_UNITS: Readonly<Record<string, readonly [number, number]>> = {
  k: [1_000, 1_024],
  kb: [1_000, 1_024],
  kib: [1_024, 1_024],
  m: [1e6, 1_048_576],
  mb: [1e6, 1_048_576],
  mib: [1_048_576, 1_048_576],
  g: [1e9, 1_073_741_824],
  gb: [1e9, 1_073_741_824],
  gib: [1_073_741_824, 1_073_741_824],
};

function wholeNumber(text: string, min: number, max: number, unitHint: (text: string) => string): Parsed<number> {
  if (!DIGITS.test(text)) return unfit(unitHint(text));
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= min && value <= max ? fits(value) : unfit();
}

/** A whole number from `min` to `max` (a count: attempts, rows, minutes...). */
export function integer(min: number, max: number, unit = ''): Kind<number> {
  return {
    form: `an integer from ${min} to ${max}${unit ? ` (${unit})` : ''}`,
    parse: (t) => wholeNumber(t, min, max, () => ''),
    show: String,
  };
}

/** A duration in milliseconds, digits only. */
export function duration(min: number, max: number): Kind<number> {
  const hint = (text: string): string => {
    const match = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(text);
    const factor = match && DURATION_UNITS[match[2].toLowerCase()];
    return factor ? `write it in milliseconds without a unit: ${text} is ${Math.round(Number(match[1]) * factor)}` : '';
  };
  return {
    form: `a duration in milliseconds (digits only, no unit) from ${min} to ${max}`,
    parse: (t) => wholeNumber(t, min, max, hint),
    show: String,
  };
}

/** A size in bytes, digits only. */
export function size(min: number, max: number): Kind<number> {
  const hint = (text: string): string => {
    const match = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(text);
    const factors = match && SIZE_UNITS[match[2].toLowerCase()];
    if (!factors) return '';
    const [decimal, binary] = factors.map((f) => Math.round(Number(match[1]) * f));
    return decimal === binary
      ? `write it in bytes without a unit: ${text} is ${binary}`
      : `write it in bytes without a unit: ${text} is ${binary} (powers of 1024) or ${decimal} (powers of 1000)`;
  };
  return {
    form: `a size in bytes (digits only, no unit) from ${min} to ${max}`,
    parse: (t) => wholeNumber(t, min, max, hint),
    show: String,
  };
}

/** A decimal number from `min` to `max` (probabilities, rates). */
export function decimal(min: number, max: number, unit = ''): Kind<number> {
  return {
    form: `a number${unit ? ` of ${unit}` : ''} from ${min} to ${max}`,
    parse: (t) => {
      const value = /^-?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : NaN;
      return Number.isFinite(value) && value >= min && value <= max ? fits(value) : unfit();
    },
    show: String,
  };
}

/** A TCP port; `0` (any free port) only where `allowZero`. */
export function port(allowZero = false): Kind<number> {
  return integer(allowZero ? 0 : 1, 65535, allowZero ? 'a TCP port; 0 picks a free one' : 'a TCP port');
}

/** One of a fixed set of words. */
export function oneOf<const T extends string>(values: readonly T[]): Kind<T> {
  const list = values.map(quoted);
  const form = values.length === 2 ? `${list[0]} or ${list[1]}` : `one of ${list.slice(0, -1).join(', ')} or ${list.at(-1)}`;
  return { form, parse: (t) => ((values as readonly string[]).includes(t) ? fits(t as T) : unfit()), show: quoted };
}

/** `true` or `false`. */
export function flag(): Kind<boolean> {
  const words = oneOf(['true', 'false']);
  return {
    form: words.form,
    parse: (t) => (t === 'true' ? fits(true) : t === 'false' ? fits(false) : unfit()),
    show: (v) => quoted(String(v)),
  };
}

export interface TextRules {
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Most UTF-8 bytes (AMQP names are limited to 255 bytes, not characters). */
  readonly maxBytes?: number;
  /** Whole-value pattern, and how to say it ("a queue name"). */
  readonly pattern?: RegExp;
  readonly patternForm?: string;
}

/** Free text, optionally bounded and shaped. */
export function text(rules: TextRules = {}): Kind<string> {
  const { minLength = 1, maxLength = 4096, maxBytes, pattern, patternForm } = rules;
  const length =
    maxBytes !== undefined
      ? `at most ${maxBytes} bytes`
      : minLength > 1
        ? `at least ${minLength} characters`
        : `at most ${maxLength} characters`;
  return {
    form: patternForm ? `${patternForm}, ${length}` : `text of ${length}`,
    parse: (t) =>
      t.length >= minLength &&
      t.length <= maxLength &&
      (maxBytes === undefined || Buffer.byteLength(t) <= maxBytes) &&
      (!pattern || pattern.test(t))
        ? fits(t)
        : unfit(),
    show: quoted,
  };
}

/** A secret: shown only by its length, in messages and docs. */
export function secret(minLength = 1): Kind<string> {
  return {
    form: minLength > 1 ? `at least ${minLength} characters (a secret, e.g. openssl rand -hex 32)` : 'a secret (non-empty text)',
    parse: (t) => (t.length >= minLength ? fits(t) : unfit()),
    show: (v) => `(${v.length} characters, hidden)`,
    masked: true,
  };
}

/** An IPv4 or IPv6 address. */
export function ipAddress(): Kind<string> {
  return { form: 'an IP address (v4 or v6)', parse: (t) => (isIP(t) !== 0 ? fits(t) : unfit()), show: quoted };
}

/** A host name or an IP address to listen on (`0.0.0.0`, `::`, `127.0.0.1`). */
export function host(): Kind<string> {
  return text({
    maxLength: 253,
    pattern: /^(\[?[0-9A-Fa-f:.]+\]?|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)$/,
    patternForm: 'a host name or IP address',
  });
}

/** Hides the password of a URL (`amqp://bus:***@host`). */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

function parseUrl(t: string, protocols: readonly string[]): Parsed<string> {
  let parsed: URL;
  try {
    parsed = new URL(t);
  } catch {
    return unfit();
  }
  return protocols.includes(parsed.protocol) && parsed.hostname !== '' ? fits(t) : unfit();
}

const urlForm = (protocols: readonly string[]): string => `a URL (${protocols.map((p) => `${p}//host:port/...`).join(' or ')})`;

/** An absolute URL with one of these protocols (`http:`...); a trailing `/` is dropped. */
export function url(protocols: readonly string[] = ['http:', 'https:']): Kind<string> {
  return {
    form: urlForm(protocols),
    parse: (t) => {
      const parsed = parseUrl(t, protocols);
      return 'value' in parsed ? fits(parsed.value.replace(/\/+$/, '')) : parsed;
    },
    show: (v) => quoted(redactUrl(v)),
  };
}

/** One or more URLs, comma-separated (a RabbitMQ cluster). */
export function urls(protocols: readonly string[]): Kind<readonly string[]> {
  return {
    form: `${urlForm(protocols)}, or several separated by commas`,
    parse: (t) => {
      const items = t
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      return items.length > 0 && items.every((item) => 'value' in parseUrl(item, protocols)) ? fits(items) : unfit();
    },
    show: (v) => quoted(v.map(redactUrl).join(',')),
  };
}

/** A comma-separated list of items of `item`'s form. */
export function list(item: Kind<string> = text({ maxLength: 255 }), itemForm = 'items'): Kind<readonly string[]> {
  return {
    form: `${itemForm} separated by commas`,
    parse: (t) => {
      const items = t
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      return items.length > 0 && items.every((i) => 'value' in item.parse(i)) ? fits(items) : unfit();
    },
    show: (v) => quoted(v.join(',')),
  };
}

/** A JSON document; what it must contain is checked by its reader, which names the variable too. */
export function json(what: string): Kind<unknown> {
  return {
    form: `JSON (${what})`,
    parse: (t) => {
      try {
        return fits(JSON.parse(t) as unknown);
      } catch (error) {
        return unfit((error as Error).message);
      }
    },
    show: (v) => quoted(JSON.stringify(v)),
  };
}

/** A path to a file or directory (relative to the working directory). */
export function path(what = 'a file path'): Kind<string> {
  return {
    form: `${what} (absolute, or relative to the working directory)`,
    parse: (t) => (t.includes('\0') ? unfit() : fits(t)),
    show: quoted,
  };
}

/** An IANA time zone (`Asia/Ho_Chi_Minh`). */
export function timeZone(): Kind<string> {
  return {
    form: 'an IANA time zone such as Asia/Ho_Chi_Minh',
    parse: (t) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: t });
        return fits(t);
      } catch {
        return unfit();
      }
    },
    show: quoted,
  };
}

/** `sqlite:<path>`, `sqlite::memory:` or `postgres://...` (its parameters are checked by libs/persistence). */
export function databaseUrl(): Kind<string> {
  return {
    form: 'sqlite:<path>, sqlite::memory: or postgres://user:password@host:5432/database[?schema=s&pool_size=n]',
    parse: (t) => {
      if (/^sqlite:.+/.test(t)) return fits(t);
      return /^postgres(ql)?:\/\//.test(t) && 'value' in parseUrl(t, ['postgres:', 'postgresql:']) ? fits(t) : unfit();
    },
    show: (v) => quoted(redactUrl(v)),
  };
}

/** `kind`, or the word `off` for "switched off", read as `null`; with `emptyIsOff`, an empty value too. */
export function orOff<T>(kind: Kind<T>, emptyIsOff = false): Kind<T | null> {
  return {
    form: `${kind.form}, or off${emptyIsOff ? ' (or empty)' : ''}`,
    parse: (t) => (t === 'off' ? fits(null) : kind.parse(t)),
    show: (v) => (v === null ? 'off' : kind.show(v)),
    masked: kind.masked,
    ...(emptyIsOff ? { empty: null } : {}),
  };
}

/** Express's `trust proxy`: off, every proxy, a number of hops, or the addresses (and named ranges) of trusted proxies. */
export type TrustProxy = boolean | number | readonly string[];

const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * Which reverse proxies may give the client's address (`X-Forwarded-For`): `false`, `true` (any sender), a number of
 * hops, or `loopback`, `linklocal`, `uniquelocal`, IP addresses and CIDR ranges separated by commas.
 */
export function trustProxy(): Kind<TrustProxy> {
  return {
    form: '"false", "true" (any sender), a number of proxy hops, or loopback, linklocal, uniquelocal, IP addresses and CIDR ranges (10.0.0.0/8) separated by commas',
    parse: (t) => {
      if (t === 'false') return fits(false);
      if (t === 'true') return fits(true);
      if (/^\d+$/.test(t)) return Number.isSafeInteger(Number(t)) ? fits(Number(t)) : unfit();
      const entries = t.split(',').map((e) => e.trim());
      for (const entry of entries) {
        const [address, prefix, ...extra] = entry.split('/');
        const family = isIP(address);
        const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
        if (!NAMED_RANGES.includes(entry) && !(family !== 0 && prefixOk && extra.length === 0)) {
          return unfit(`"${entry}" is not loopback, linklocal, uniquelocal, an IP address or a CIDR range`);
        }
      }
      return fits(entries);
    },
    show: (v) => quoted(Array.isArray(v) ? v.join(',') : String(v)),
  };
}
