import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplication, type LoggerService, Module, type Type } from '@nestjs/common';
import { hashSync } from 'bcryptjs';
import * as amqp from 'amqplib';
import { HEADERS, SCHEMA_VERSION } from '@lienthong/contracts';
import { MESSAGING_MIGRATIONS, MessagingModule, messagingOptionsFromEnv, queueNameOf, retryQueueName } from '@lienthong/messaging';
import { TEST_AMQP_URL } from '@lienthong/messaging/testing/test-broker';
import { HandlerScript, TEST_MIGRATIONS, TestHandlers } from '@lienthong/messaging/testing/test-handlers';
import { Database, PersistenceModule } from '@lienthong/persistence';
import { RuntimeModule, bootstrapService } from '@lienthong/runtime';
import type { ConsoleConfig } from '../console.config';
import { SERVICE, createConsoleModule } from '../console.module';

/** Test users; bcrypt cost 4 keeps logins fast in tests (production hashes use cost 10). */
export const TEST_USERS = {
  admin: { password: 'admin-password-1', role: 'admin' },
  operator: { password: 'operator-password-1', role: 'operator' },
  viewer: { password: 'viewer-password-1', role: 'viewer' },
} as const;
export type TestUser = keyof typeof TEST_USERS;

export const TEST_METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

/** A fresh SQLite file shared by the console and the test services (as `npm start` shares one). */
export function tempDatabaseUrl(): string {
  return `sqlite:${join(mkdtempSync(join(tmpdir(), 'lienthong-console-')), 'bus.db')}`;
}

export interface RunningConsole {
  readonly app: INestApplication;
  readonly baseUrl: string;
  readonly db: Database;
  readonly config: ConsoleConfig;
  close(): Promise<void>;
}

/** Starts the console as `main.ts` does (bootstrapService, body parser off), on a free port, against the test broker; `logger` receives its log. */
export async function startConsole(
  databaseUrl: string,
  overrides: Partial<ConsoleConfig> = {},
  options: { logger?: LoggerService } = {},
): Promise<RunningConsole> {
  process.env.HEARTBEAT_INTERVAL_MS ??= '500';
  const config: ConsoleConfig = {
    production: false,
    httpPort: 0,
    databaseUrl,
    amqpUrl: TEST_AMQP_URL,
    users: Object.entries(TEST_USERS).map(([username, u]) => ({ username, passwordHash: hashSync(u.password, 4), role: u.role })),
    sessionSecret: 'test-session-secret-0123456789-abcdefghijklmnop',
    sessionIdleMs: 3_600_000,
    sessionMaxMs: 3_600_000,
    secureCookies: false,
    metricsToken: TEST_METRICS_TOKEN,
    postalAdapterUrl: 'http://127.0.0.1:9',
    heartbeatTimeoutMs: 2_000,
    expectedServices: [SERVICE],
    deadlineMarginHours: 48,
    loginAttemptsPerMinute: 5,
    loginFailuresPerAddress: 30,
    loginFailuresPerUser: 10,
    auditBodyDays: 90,
    resolvedDeadLetterDays: 90,
    departmentsFile: 'config/departments.yaml',
    ...overrides,
  };
  const app = await bootstrapService({
    service: SERVICE,
    module: createConsoleModule(config),
    httpPort: 0,
    httpOptions: { bodyParser: false, logger: options.logger ?? ['error'] },
  });
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${port}`, db: app.get(Database), config, close: () => app.close() };
}

export interface RunningService {
  readonly name: string;
  readonly app: INestApplication;
  readonly script: HandlerScript;
  readonly queues: string[];
  close(): Promise<void>;
}

/**
 * A real bus service (transport, health, heartbeat) with the messaging library's test handler for
 * `onestop.dossier.received` (a row in `test_effects` per handled message), started like any service.
 */
export async function startBusService(name: string, databaseUrl: string): Promise<RunningService> {
  process.env.HEARTBEAT_INTERVAL_MS ??= '500';
  const messaging = messagingOptionsFromEnv(
    name,
    { AMQP_URL: TEST_AMQP_URL },
    { retryDelaysMs: [100, 200], relayIntervalMs: 200, reconnectDelayMs: 100 },
  );
  @Module({
    imports: [
      PersistenceModule.forRoot({ url: databaseUrl, migrations: [...MESSAGING_MIGRATIONS, ...TEST_MIGRATIONS] }),
      MessagingModule.forRoot(messaging),
      RuntimeModule.forService(name),
    ],
    providers: [HandlerScript, TestHandlers],
  })
  class TestServiceModule {}
  const app = await bootstrapService({
    service: name,
    module: TestServiceModule as Type<unknown>,
    httpPort: 0,
    httpOptions: { logger: ['error'] },
  });
  const queue = queueNameOf(name);
  return {
    name,
    app,
    script: app.get(HandlerScript),
    queues: [queue, ...messaging.retryDelaysMs.map((d, i) => retryQueueName(queue, i, d))],
    close: () => app.close(),
  };
}

/** Publishes a message straight to one service's queue (default exchange), as a replay or a retry arrives. */
export async function sendToQueue(
  queue: string,
  type: string,
  body: unknown,
  props: { correlationId?: string; messageId?: string; headers?: Record<string, unknown> } = {},
): Promise<string> {
  const model = await amqp.connect(TEST_AMQP_URL);
  try {
    const channel = await model.createConfirmChannel();
    const messageId = props.messageId ?? `test-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    channel.sendToQueue(queue, Buffer.from(JSON.stringify(body)), {
      messageId,
      type,
      contentType: 'application/json',
      appId: 'onestop',
      persistent: true,
      correlationId: props.correlationId,
      headers: { [HEADERS.schemaVersion]: SCHEMA_VERSION, ...props.headers },
    });
    await channel.waitForConfirms();
    return messageId;
  } finally {
    await model.close();
  }
}

/** The console's own (binding-less) queue and its retry queues, as its transport declares them: for a test to delete. */
export function consoleQueues(): string[] {
  const queue = queueNameOf(SERVICE);
  return [queue, ...messagingOptionsFromEnv(SERVICE, { AMQP_URL: TEST_AMQP_URL }).retryDelaysMs.map((d, i) => retryQueueName(queue, i, d))];
}

/** Deletes queues (a test service's) on the test broker. */
export async function deleteQueues(names: readonly string[]): Promise<void> {
  const model = await amqp.connect(TEST_AMQP_URL);
  const channel = await model.createChannel();
  channel.on('error', () => undefined);
  for (const name of names) await channel.deleteQueue(name).catch(() => undefined);
  await model.close().catch(() => undefined);
}

/** Keeps every line logged, as `<level> [<context>] <message>`, for a test to read. */
export class CapturedLog implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown, context?: string): void {
    this.lines.push(`log [${context ?? ''}] ${String(message)}`);
  }
  warn(message: unknown, context?: string): void {
    this.lines.push(`warn [${context ?? ''}] ${String(message)}`);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.lines.push(`error [${String(rest.at(-1) ?? '')}] ${String(message)}`);
  }
  /** Every physical line of the log: a forged one would show up as a line of its own. */
  physicalLines(): string[] {
    return this.lines.flatMap((l) => l.split(/\r\n|\r|\n|\u2028|\u2029/));
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary JSON fields; typing them would only add casts
type JsonBody = any;

/** A logged-in HTTP client of the console (cookie + CSRF token), or an anonymous one. */
export class ConsoleClient {
  private constructor(
    readonly baseUrl: string,
    private cookie: string | undefined,
    readonly csrfToken: string | undefined,
  ) {}

  static anonymous(baseUrl: string): ConsoleClient {
    return new ConsoleClient(baseUrl, undefined, undefined);
  }

  static async login(baseUrl: string, user: TestUser): Promise<ConsoleClient> {
    const response = await fetch(`${baseUrl}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user, password: TEST_USERS[user].password }),
    });
    if (response.status !== 200) throw new Error(`login ${user}: ${response.status} ${await response.text()}`);
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    return new ConsoleClient(baseUrl, cookie, csrfToken);
  }

  /** Sends a request; state-changing ones carry the CSRF token unless `csrf: false`. */
  async request(
    method: string,
    path: string,
    options: { body?: unknown; csrf?: boolean | string; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: JsonBody; headers: Headers }> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (this.cookie) headers.cookie = this.cookie;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && options.csrf !== false && this.csrfToken)
      headers['x-csrf-token'] = typeof options.csrf === 'string' ? options.csrf : this.csrfToken;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: JsonBody = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON (metrics, HTML)
    }
    return { status: response.status, body, headers: response.headers };
  }
}
