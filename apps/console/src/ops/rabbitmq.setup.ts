import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type EnvSource, OPS_ENV, type Variable } from '@lienthong/config';
import { identifierPart } from '@lienthong/contracts';
import { BusError } from '@lienthong/messaging';
import { parse as parseYaml } from 'yaml';

/** `deploy/rabbitmq/definitions.json`: four levels above `apps/console/src/ops`, in the sources as in dist/ (the build copies deploy/). */
export const DEFAULT_DEFINITIONS = resolve(__dirname, '../../../../deploy/rabbitmq/definitions.json');

/**
 * RabbitMQ's definitions format (as `rabbitmqctl export_definitions` writes it), without passwords: users get theirs
 * from the environment or a passwords file when `rabbitmq setup` applies the file.
 */
export interface Definitions {
  readonly vhosts: ReadonlyArray<{ readonly name: string }>;
  readonly users: ReadonlyArray<{ readonly name: string; readonly tags: readonly string[] | string }>;
  readonly permissions: ReadonlyArray<{
    readonly user: string;
    readonly vhost: string;
    readonly configure: string;
    readonly write: string;
    readonly read: string;
  }>;
  readonly topic_permissions: ReadonlyArray<{
    readonly user: string;
    readonly vhost: string;
    readonly exchange: string;
    readonly write: string;
    readonly read: string;
  }>;
  readonly exchanges?: ReadonlyArray<{
    readonly name: string;
    readonly vhost: string;
    readonly type: string;
    readonly durable: boolean;
    readonly auto_delete?: boolean;
    readonly internal?: boolean;
    readonly arguments?: Record<string, unknown>;
  }>;
}

/** The environment variable that may hold a user's password: `RABBITMQ_PASSWORD_` and the name in ASCII capitals (`một-cửa` → `…_MOT_CUA`). */
export function passwordVariable(user: string): string {
  return passwordVariableOf(user).name;
}

/** The user's variable of the family `RABBITMQ_PASSWORD_<USER>` (libs/config, OPS_ENV). */
function passwordVariableOf(user: string): Variable<string | undefined> {
  const part = identifierPart(user).toUpperCase().replace(/-/g, '_');
  if (part === '')
    throw new BusError(
      'RABBITMQ.DEFINITIONS_INVALID',
      `user "${user}" has no letter or digit to name its password variable; give its password in the passwords file`,
    );
  return OPS_ENV['RABBITMQ_PASSWORD_<USER>'].member(part);
}

/** Reads and checks a definitions file; every mistake names the file and the entry. */
export function loadDefinitions(file: string): Definitions {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BusError('RABBITMQ.DEFINITIONS_INVALID', `cannot read the RabbitMQ definitions ${file}: ${(error as Error).message}`);
  }
  const d = parsed as Partial<Definitions>;
  const problem = (what: string): never => {
    throw new BusError('RABBITMQ.DEFINITIONS_INVALID', `${file}: ${what}`);
  };
  const list = <T>(key: keyof Definitions, required: boolean): readonly T[] => {
    const value = d[key];
    if (value === undefined && !required) return [];
    if (!Array.isArray(value)) return problem(`"${key}" must be a list`);
    return value as T[];
  };
  const text = (value: unknown, where: string): void => {
    if (typeof value !== 'string' || value === '') problem(`${where} must be a non-empty string`);
  };
  const regex = (value: unknown, where: string): void => {
    text(value, where);
    try {
      new RegExp(value as string);
    } catch (error) {
      problem(`${where} is not a regular expression (${(error as Error).message})`);
    }
  };
  const vhosts = new Set(list<{ name: string }>('vhosts', true).map((v, i) => (text(v?.name, `vhosts[${i}].name`), v.name)));
  const users = list<{ name: string; tags: unknown }>('users', true);
  const variables = new Map<string, string>();
  users.forEach((u, i) => {
    text(u?.name, `users[${i}].name`);
    if (!Array.isArray(u.tags) && typeof u.tags !== 'string')
      problem(`users[${i}].tags must be a list (or RabbitMQ's comma-separated string)`);
    const variable = passwordVariable(u.name);
    const other = variables.get(variable);
    if (other !== undefined) problem(`users "${other}" and "${u.name}" would share the password variable ${variable}; rename one`);
    variables.set(variable, u.name);
  });
  const userNames = new Set(users.map((u) => u.name));
  const scoped = (entry: { user?: unknown; vhost?: unknown } | undefined, where: string): void => {
    if (!userNames.has(entry?.user as string)) problem(`${where}.user "${String(entry?.user)}" is not in "users"`);
    if (!vhosts.has(entry?.vhost as string)) problem(`${where}.vhost "${String(entry?.vhost)}" is not in "vhosts"`);
  };
  list<Definitions['permissions'][number]>('permissions', true).forEach((p, i) => {
    scoped(p, `permissions[${i}]`);
    for (const key of ['configure', 'write', 'read'] as const) regex(p[key], `permissions[${i}].${key}`);
  });
  list<Definitions['topic_permissions'][number]>('topic_permissions', true).forEach((p, i) => {
    scoped(p, `topic_permissions[${i}]`);
    text(p.exchange, `topic_permissions[${i}].exchange`);
    for (const key of ['write', 'read'] as const) regex(p[key], `topic_permissions[${i}].${key}`);
  });
  const exchanges = list<NonNullable<Definitions['exchanges']>[number]>('exchanges', false);
  exchanges.forEach((x, i) => {
    text(x?.name, `exchanges[${i}].name`);
    if (!vhosts.has(x.vhost)) problem(`exchanges[${i}].vhost "${String(x.vhost)}" is not in "vhosts"`);
    if (!['topic', 'direct', 'fanout', 'headers'].includes(x.type))
      problem(`exchanges[${i}].type must be topic, direct, fanout or headers`);
  });
  // RabbitMQ allows every routing key on an exchange for which a user has no topic permission: a misspelt exchange
  // would leave the real one open, and a second entry for the same exchange would silently replace the first.
  const topics = new Set<string>();
  (d.topic_permissions ?? []).forEach((p, i) => {
    if (exchanges.length > 0 && !exchanges.some((x) => x.name === p.exchange && x.vhost === p.vhost))
      problem(`topic_permissions[${i}].exchange "${p.exchange}" is not in "exchanges" of vhost ${p.vhost}`);
    const key = JSON.stringify([p.user, p.vhost, p.exchange]);
    if (topics.has(key))
      problem(`topic_permissions[${i}] repeats the topic permission of ${p.user} on ${p.exchange}; give one per user and exchange`);
    topics.add(key);
  });
  return d as Definitions;
}

/**
 * The passwords for the users of the definitions: `RABBITMQ_PASSWORD_<USER>` in the environment first, then the
 * passwords file (YAML or JSON, `user: password`). A user without one keeps the password it has (refused for a
 * user that does not exist yet).
 */
export function readPasswords(
  definitions: Definitions,
  env: EnvSource,
  file: string | undefined,
): { passwords: Map<string, string>; warnings: string[] } {
  const warnings: string[] = [];
  let fromFile: Record<string, unknown> = {};
  if (file !== undefined) {
    try {
      const mode = statSync(file).mode;
      if (mode & 0o077)
        warnings.push(`the passwords file ${file} can be read by other users (mode ${(mode & 0o777).toString(8)}); chmod 600 it`);
      fromFile = (parseYaml(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
    } catch (error) {
      throw new BusError(
        'RABBITMQ.PASSWORDS_INVALID',
        `cannot read the passwords file ${file} (RABBITMQ_PASSWORDS_FILE or --passwords): ${(error as Error).message}`,
      );
    }
    if (typeof fromFile !== 'object' || Array.isArray(fromFile))
      throw new BusError('RABBITMQ.PASSWORDS_INVALID', `${file} must map user names to passwords (user: password)`);
    const names = new Set(definitions.users.map((u) => u.name));
    for (const [user, password] of Object.entries(fromFile)) {
      if (!names.has(user))
        throw new BusError('RABBITMQ.PASSWORDS_INVALID', `${file} gives a password for "${user}", who is not a user of the definitions`);
      if (typeof password !== 'string' || password.length < 12)
        throw new BusError('RABBITMQ.PASSWORDS_INVALID', `${file}: the password of "${user}" must be a string of at least 12 characters`);
    }
  }
  const passwords = new Map<string, string>();
  for (const { name } of definitions.users) {
    // The variable's form (at least 12 characters) is checked by its definition, which names it.
    const value = passwordVariableOf(name).read(env) ?? (fromFile[name] as string | undefined);
    if (value === undefined) continue;
    passwords.set(name, value);
  }
  return { passwords, warnings };
}

/** The management HTTP API, as an administrator; credentials come from the URL and never appear in a message. */
export class ManagementApi {
  private readonly base: string;
  private readonly authorization: string;
  private readonly shown: string;

  constructor(
    url: string,
    private readonly timeoutMs = 10_000,
  ) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new BusError(
        'RABBITMQ.ADMIN_URL_INVALID',
        'RABBITMQ_ADMIN_URL (or --admin-url) must be a URL such as http://admin:<password>@127.0.0.1:15672',
      );
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new BusError('RABBITMQ.ADMIN_URL_INVALID', 'RABBITMQ_ADMIN_URL (or --admin-url) must use http: or https:');
    this.authorization = `Basic ${Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64')}`;
    this.shown = `${parsed.protocol}//${parsed.username ? `${parsed.username}:***@` : ''}${parsed.host}`;
    parsed.username = '';
    parsed.password = '';
    this.base = `${parsed.origin}${parsed.pathname.replace(/\/$/, '')}/api`;
  }

  /** The resource, or undefined when the API answers 404. */
  async get<T>(path: string): Promise<T | undefined> {
    const response = await this.call('GET', path);
    if (response.status === 404) return undefined;
    return (await response.json()) as T;
  }

  async put(path: string, body: unknown): Promise<void> {
    await this.call('PUT', path, body);
  }

  async delete(path: string): Promise<void> {
    const response = await this.call('DELETE', path, undefined, [404]);
    await response.body?.cancel();
  }

  private async call(method: string, path: string, body?: unknown, alsoFine: readonly number[] = []): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers: { authorization: this.authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new BusError(
        'RABBITMQ.UNREACHABLE',
        `no RabbitMQ management API answers at ${this.shown} (${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}); ` +
          'enable it with rabbitmq-plugins enable rabbitmq_management, or set RABBITMQ_ADMIN_URL',
      );
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new BusError(
        'RABBITMQ.ADMIN_REFUSED',
        `the management API at ${this.shown} refused the credentials of RABBITMQ_ADMIN_URL (${response.status}); give a user with the administrator tag`,
      );
    }
    if (!response.ok && response.status !== 404 && !alsoFine.includes(response.status)) {
      const text = await response.text().catch(() => '');
      throw new BusError('RABBITMQ.API_FAILED', `${method} ${path} on ${this.shown} answered ${response.status}: ${text.slice(0, 300)}`);
    }
    return response;
  }
}

const enc = encodeURIComponent;

/** RabbitMQ's salted hash (`rabbit_password_hashing_sha256`/`sha512`): base64 of a 4-byte salt and hash(salt + password). */
export function passwordMatches(password: string, hash: string, algorithm: string | undefined): boolean {
  const digest =
    algorithm === 'rabbit_password_hashing_sha512'
      ? 'sha512'
      : algorithm === 'rabbit_password_hashing_sha256' || algorithm === undefined
        ? 'sha256'
        : undefined;
  if (!digest || !hash) return false;
  const bytes = Buffer.from(hash, 'base64');
  const salt = bytes.subarray(0, 4);
  return createHash(digest).update(salt).update(password, 'utf8').digest().equals(bytes.subarray(4));
}

const tagList = (tags: readonly string[] | string | undefined): string[] =>
  (Array.isArray(tags) ? tags : String(tags ?? '').split(','))
    .map((t) => t.trim())
    .filter(Boolean)
    .sort();

/**
 * Applies the definitions through the management API: vhosts, users (with their passwords, or keeping theirs),
 * exchanges, permissions and topic permissions. Idempotent: it reads each thing first, changes only what differs and
 * says which ("created", "changed", "unchanged"); a second run changes nothing. Passwords are never printed.
 * Returns the number of changes.
 */
export async function applyDefinitions(
  api: ManagementApi,
  definitions: Definitions,
  passwords: ReadonlyMap<string, string>,
  out: (line: string) => void,
): Promise<number> {
  let changes = 0;
  /** One line per thing; anything but "unchanged…" counts as a change. */
  const report = (what: string, outcome: string): void => {
    if (!outcome.startsWith('unchanged')) changes++;
    out(`${what}: ${outcome}`);
  };
  for (const { name } of definitions.vhosts) {
    if (await api.get(`/vhosts/${enc(name)}`)) report(`vhost ${name}`, 'unchanged');
    else {
      await api.put(`/vhosts/${enc(name)}`, {});
      report(`vhost ${name}`, 'created');
    }
  }
  for (const user of definitions.users) {
    const tags = tagList(user.tags);
    const password = passwords.get(user.name);
    const current = await api.get<{ password_hash: string; hashing_algorithm?: string; tags: string[] | string }>(
      `/users/${enc(user.name)}`,
    );
    if (!current) {
      if (password === undefined) {
        throw new BusError(
          'RABBITMQ.PASSWORD_MISSING',
          `user ${user.name} does not exist yet and has no password: set ${passwordVariable(user.name)} or give it in the passwords file (--passwords / RABBITMQ_PASSWORDS_FILE)`,
        );
      }
      await api.put(`/users/${enc(user.name)}`, { password, tags: tags.join(',') });
      report(`user ${user.name}`, 'created');
      continue;
    }
    const samePassword = password === undefined || passwordMatches(password, current.password_hash, current.hashing_algorithm);
    const sameTags = tagList(current.tags).join(',') === tags.join(',');
    if (samePassword && sameTags) {
      report(`user ${user.name}`, password === undefined ? 'unchanged (no password given: it keeps its own)' : 'unchanged');
      continue;
    }
    const credentials = samePassword
      ? { password_hash: current.password_hash, hashing_algorithm: current.hashing_algorithm }
      : { password };
    await api.put(`/users/${enc(user.name)}`, { ...credentials, tags: tags.join(',') });
    report(
      `user ${user.name}`,
      `changed (${[samePassword ? '' : 'password', sameTags ? '' : `tags ${tags.join(',') || 'none'}`].filter(Boolean).join(', ')})`,
    );
  }
  for (const x of definitions.exchanges ?? []) {
    const wanted = {
      type: x.type,
      durable: x.durable,
      auto_delete: x.auto_delete ?? false,
      internal: x.internal ?? false,
      arguments: x.arguments ?? {},
    };
    const current = await api.get<typeof wanted>(`/exchanges/${enc(x.vhost)}/${enc(x.name)}`);
    if (!current) {
      await api.put(`/exchanges/${enc(x.vhost)}/${enc(x.name)}`, wanted);
      report(`exchange ${x.name} in ${x.vhost}`, 'created');
    } else if (
      current.type !== wanted.type ||
      current.durable !== wanted.durable ||
      current.auto_delete !== wanted.auto_delete ||
      current.internal !== wanted.internal
    ) {
      throw new BusError(
        'RABBITMQ.EXCHANGE_MISMATCH',
        `exchange ${x.name} in ${x.vhost} exists as ${current.type}${current.durable ? ', durable' : ''} but the definitions say ${wanted.type}${wanted.durable ? ', durable' : ''}; ` +
          'an exchange cannot be changed in place: stop the bus, delete it, run setup again',
      );
    } else report(`exchange ${x.name} in ${x.vhost}`, 'unchanged');
  }
  for (const p of definitions.permissions) {
    const wanted = { configure: p.configure, write: p.write, read: p.read };
    const current = await api.get<typeof wanted>(`/permissions/${enc(p.vhost)}/${enc(p.user)}`);
    const same = current && current.configure === wanted.configure && current.write === wanted.write && current.read === wanted.read;
    if (!same) await api.put(`/permissions/${enc(p.vhost)}/${enc(p.user)}`, wanted);
    report(`permissions of ${p.user} on ${p.vhost}`, same ? 'unchanged' : current ? 'changed' : 'created');
  }
  for (const p of definitions.topic_permissions) {
    const current = (
      await api.get<Array<{ exchange: string; write: string; read: string }>>(`/topic-permissions/${enc(p.vhost)}/${enc(p.user)}`)
    )?.find((t) => t.exchange === p.exchange);
    const same = current && current.write === p.write && current.read === p.read;
    if (!same) await api.put(`/topic-permissions/${enc(p.vhost)}/${enc(p.user)}`, { exchange: p.exchange, write: p.write, read: p.read });
    report(`topic permissions of ${p.user} on ${p.vhost} for ${p.exchange}`, same ? 'unchanged' : current ? 'changed' : 'created');
  }
  return changes;
}
