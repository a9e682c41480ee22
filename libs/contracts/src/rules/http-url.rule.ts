import { registerDecorator } from 'class-validator';
import { LIMITS } from '../common/text-rules';

/**
 * An absolute `http:` or `https:` URL (lowercase scheme) with a DNS name, IPv4 or bracketed IPv6 host,
 * optional port, no user info, no whitespace. Internal hosts without a dot (`http://minio:9000/...`) are
 * allowed: files may live in the province's own object store.
 */
const HTTP_URL = /^https?:\/\/(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:[/?#]\S*)?$/;

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
        defaultMessage: () => `must be an http(s) URL of at most ${LIMITS.url} characters`,
      },
    });
}
