import { registerDecorator } from 'class-validator';
import { LIMITS } from '../common/text-rules';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
/** The last label of a name: not all digits and not `0x…`, which URL parsers would read as (part of) an IPv4 address. */
const LAST_LABEL = `(?!0[xX])(?=[A-Za-z0-9-]*[A-Za-z])${LABEL}`;

/**
 * An absolute `http:` or `https:` URL (lowercase scheme) with a DNS name, a dotted-quad IPv4 address or a bracketed
 * IPv6 address as host, optional port, no user info, no whitespace. Internal hosts without a dot
 * (`http://minio:9000/...`) are allowed: files may live in the province's own object store (which hosts the bus
 * actually fetches from is its configuration, `DOCUMENT_HOSTS`). Other spellings of IPv4 addresses
 * (`http://2130706433/`, `http://127.1/`, `http://0x7f.0.0.1/`, leading zeros) are refused: URL parsers turn them
 * into addresses that a check of the written host would miss.
 */
const HTTP_URL = new RegExp(
  `^https?://(?:(?:${OCTET}\\.){3}${OCTET}|(?:${LABEL}\\.)*${LAST_LABEL}|\\[[0-9A-Fa-f:.]+\\])(?::\\d{1,5})?(?:[/?#]\\S*)?$`,
);

/** The source of the URL pattern (for JSON Schemas). */
export const HTTP_URL_PATTERN = HTTP_URL.source;

/** Property is an http(s) URL of at most 2048 characters. */
export function IsHttpUrl(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isHttpUrl',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [LIMITS.url],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.length <= LIMITS.url && HTTP_URL.test(value),
        defaultMessage: () =>
          `must be an http(s) URL of at most ${LIMITS.url} characters, its host a DNS name, a dotted-quad IPv4 address or a bracketed IPv6 address`,
      },
    });
}
