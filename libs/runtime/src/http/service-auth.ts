import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigError, Env } from '@lienthong/config';

/** What a route's token grants: everything (`service`), or one kind of read for an outside caller. */
export type TokenScope = 'metrics' | 'blobs';

/** Outside production only: keeps `npm start` working without configuration. Never accepted in production. */
export const DEVELOPMENT_SERVICE_TOKEN = 'lienthong-development-service-token-not-for-production';

const MIN_SERVICE_TOKEN = 32;
const MIN_SCOPED_TOKEN = 16;

/**
 * The bearer tokens the bus services' HTTP side accepts, and the one they send to each other:
 * - `SERVICE_TOKEN`: every route (the bus's own services: the iOffice adapter fetching the orchestrator's blobs, the
 *   launcher dispatching archive batches); required when NODE_ENV=production, a development default elsewhere;
 * - `METRICS_TOKEN`: `/metrics` only (Prometheus);
 * - `BLOB_TOKEN`: `GET /blobs/:sha256` only (the one-stop system downloading the decisions it prints).
 */
export class ServiceAuth {
  private constructor(
    readonly token: string,
    private readonly scoped: ReadonlyMap<TokenScope, string>,
    /** True when the development default is in use (say so at start-up). */
    readonly developmentDefault: boolean,
  ) {}

  /** Reads the tokens; throws `ConfigError` naming the variable. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): ServiceAuth {
    const e = new Env(env);
    const production = e.string('NODE_ENV', 'development') === 'production';
    const configured = e.optional('SERVICE_TOKEN');
    if (configured === undefined && production) {
      throw new ConfigError(`SERVICE_TOKEN is required when NODE_ENV=production: the bearer token the bus services accept from each other, the same in every service (at least ${MIN_SERVICE_TOKEN} characters, e.g. openssl rand -hex 32)`);
    }
    if (configured !== undefined && configured.length < MIN_SERVICE_TOKEN) throw new ConfigError(`SERVICE_TOKEN must be at least ${MIN_SERVICE_TOKEN} characters (e.g. openssl rand -hex 32)`);
    if (configured === DEVELOPMENT_SERVICE_TOKEN && production) throw new ConfigError('SERVICE_TOKEN is the published development default; set a secret one (e.g. openssl rand -hex 32)');
    const scoped = new Map<TokenScope, string>();
    for (const [scope, name] of [['metrics', 'METRICS_TOKEN'], ['blobs', 'BLOB_TOKEN']] as const) {
      const value = e.optional(name);
      if (value === undefined) continue;
      if (value.length < MIN_SCOPED_TOKEN) throw new ConfigError(`${name} must be at least ${MIN_SCOPED_TOKEN} characters`);
      scoped.set(scope, value);
    }
    return new ServiceAuth(configured ?? DEVELOPMENT_SERVICE_TOKEN, scoped, configured === undefined);
  }

  /** Whether `bearer` may call a route of this scope (undefined: a route only the bus's own services may call). */
  allows(bearer: string | undefined, scope?: TokenScope): boolean {
    if (bearer === undefined) return false;
    if (sameSecret(bearer, this.token)) return true;
    const scopedToken = scope && this.scoped.get(scope);
    return scopedToken !== undefined && sameSecret(bearer, scopedToken);
  }

  /** The header a bus service sends to another. */
  headers(): Readonly<Record<string, string>> {
    return { authorization: `Bearer ${this.token}` };
  }
}

/** Constant-time comparison of two secrets of any length. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
