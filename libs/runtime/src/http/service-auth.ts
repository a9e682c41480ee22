import { createHash, timingSafeEqual } from 'node:crypto';
import { BUS_ENV, DEVELOPMENT_SERVICE_TOKEN, type EnvSource, SERVICE_AUTH_ENV, processEnv } from '@lienthong/config';

/** What a route's token grants: everything (`service`), or one kind of read for an outside caller. */
export type TokenScope = 'metrics' | 'blobs';

export { DEVELOPMENT_SERVICE_TOKEN };

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

  /** Reads the tokens; throws `ConfigError` naming the variable (in production, a missing or development token too). */
  static fromEnv(env: EnvSource = processEnv()): ServiceAuth {
    const token = SERVICE_AUTH_ENV.SERVICE_TOKEN.read(env);
    const scoped = new Map<TokenScope, string>();
    for (const [scope, value] of [
      ['metrics', BUS_ENV.METRICS_TOKEN.read(env)],
      ['blobs', SERVICE_AUTH_ENV.BLOB_TOKEN.read(env)],
    ] as const) {
      if (value !== undefined) scoped.set(scope, value);
    }
    return new ServiceAuth(token, scoped, SERVICE_AUTH_ENV.SERVICE_TOKEN.given(env) === undefined);
  }

  /** The header a caller that is not a service itself (the launcher) sends to a bus service: reads `SERVICE_TOKEN` only. */
  static callerHeaders(env: EnvSource = processEnv()): Readonly<Record<string, string>> {
    return { authorization: `Bearer ${SERVICE_AUTH_ENV.SERVICE_TOKEN.read(env)}` };
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
