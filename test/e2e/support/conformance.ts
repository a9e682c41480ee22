import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from '@asyncapi/parser';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as amqp from 'amqplib';

/**
 * An independent check of what travels on the contract's exchange against `docs/asyncapi.yaml`, the document
 * outside teams implement from. It reads only that document (through @asyncapi/parser, which resolves the
 * references and applies the message traits) and validates with Ajv, never with the project's own validator or
 * contract classes: where the bus and its document disagree, this is where it shows.
 *
 * For one message it checks: the routing key is a channel of the document on that exchange; the AMQP
 * properties against the document's `x-amqp-properties` (message_id, type, timestamp, content_type, app_id,
 * delivery_mode 2), `type` = routing key, `app_id` = the message's producer (`x-app-id`), `timestamp` in
 * seconds; the headers against the message's headers schema (`x-schema-version`; the integer when the bus
 * sends); the body as UTF-8 JSON against the payload schema (NFC text when the bus sends); `correlation_id` =
 * the body field the message's `correlationId` points at, and = `dossierCode` for any message about a dossier.
 */
export class ContractConformance {
  private constructor(
    /** The exchanges the document's channels are on (`lienthong.events`). */
    readonly exchanges: readonly string[],
    private readonly messages: ReadonlyMap<string, DocumentedMessage>,
    private readonly validateProperties: ValidateFunction,
  ) {}

  /** Loads and compiles the document; fails if the parser reports an error or a schema does not compile. */
  static async load(file = join(__dirname, '..', '..', '..', 'docs', 'asyncapi.yaml')): Promise<ContractConformance> {
    const { document, diagnostics } = await new Parser().parse(readFileSync(file, 'utf8'));
    const errors = diagnostics.filter((d) => d.severity === 0);
    if (!document || errors.length > 0)
      throw new Error(`${file} does not parse as AsyncAPI: ${errors.map((d) => `${d.path.join('.')}: ${d.message}`).join('; ')}`);
    const ajv = new Ajv({ allErrors: true, strictTypes: false, strictTuples: false });
    addFormats(ajv);
    const annotations = new Set<string>();
    const compile = (schema: object): ValidateFunction => {
      // Unknown keywords stay errors (strict), except the document's extensions (`x-parser-schema-id`, …): annotations.
      const extensions = [...extensionKeywords(schema)].filter((k) => !annotations.has(k));
      extensions.forEach((k) => annotations.add(k));
      if (extensions.length > 0) ajv.addVocabulary(extensions);
      return ajv.compile(schema);
    };
    const messages = new Map<string, DocumentedMessage>();
    let propertiesSchema: object | undefined;
    const exchanges = new Set<string>();
    for (const channel of document.channels()) {
      const binding = channel.bindings().get('amqp')?.value() as { is?: string; exchange?: { name?: string } } | undefined;
      const exchange = binding?.exchange?.name;
      const routingKey = channel.address();
      if (binding?.is !== 'routingKey' || !exchange || !routingKey)
        throw new Error(`${file}: channel ${channel.id()} has no AMQP routing key on a named exchange`);
      exchanges.add(exchange);
      const [message, ...more] = channel.messages().all();
      if (!message || more.length > 0) throw new Error(`${file}: channel ${channel.id()} must carry exactly one message`);
      const payload = message.payload()?.json() as object | undefined;
      const headers = message.headers()?.json() as object | undefined;
      const properties = message.extensions().get('x-amqp-properties')?.value() as object | undefined;
      if (!payload || !headers || !properties)
        throw new Error(`${file}: message ${message.id()} lacks a payload, headers or x-amqp-properties`);
      propertiesSchema ??= properties;
      messages.set(`${exchange} ${routingKey}`, {
        id: message.id(),
        producer: message.extensions().get('x-app-id')?.value() as string | undefined,
        correlationPath: pointerOf(message.correlationId()?.location()),
        validatePayload: compile(payload),
        validateHeaders: compile(headers),
      });
    }
    if (!propertiesSchema) throw new Error(`${file} describes no message`);
    return new ContractConformance([...exchanges], messages, compile(propertiesSchema));
  }

  /** Routing keys the document describes on `exchange`. */
  routingKeys(exchange: string): string[] {
    return [...this.messages.keys()].filter((key) => key.startsWith(`${exchange} `)).map((key) => key.slice(exchange.length + 1));
  }

  /** What is wrong with one message as it arrived (empty when it conforms). */
  check(message: WireMessage): string[] {
    const documented = this.messages.get(`${message.exchange} ${message.routingKey}`);
    if (!documented) return [`routing key "${message.routingKey}" is not a channel of docs/asyncapi.yaml on ${message.exchange}`];
    const problems: string[] = [];
    const p = message.properties;
    const amqpProperties = definedOnly({
      message_id: p.messageId,
      type: p.type,
      correlation_id: p.correlationId,
      timestamp: p.timestamp,
      content_type: p.contentType,
      app_id: p.appId,
      delivery_mode: p.deliveryMode,
    });
    if (!this.validateProperties(amqpProperties)) problems.push(...describe('properties', this.validateProperties.errors));
    if (p.messageId === '') problems.push('properties: message_id is empty');
    if (p.type !== message.routingKey) problems.push(`properties: type "${p.type ?? ''}" does not equal the routing key`);
    if (documented.producer && p.appId !== undefined && p.appId !== documented.producer)
      problems.push(`properties: app_id "${p.appId ?? ''}" is not the producer of ${message.routingKey} (${documented.producer})`);
    if (typeof p.timestamp === 'number' && (p.timestamp < 1e9 || p.timestamp > Date.now() / 1000 + 300)) {
      problems.push(`properties: timestamp ${p.timestamp} is not seconds since epoch up to now`);
    }
    const headers = (p.headers ?? {}) as Record<string, unknown>;
    if (!documented.validateHeaders(headers)) problems.push(...describe('headers', documented.validateHeaders.errors));
    if (p.appId === 'lienthong' && headers['x-schema-version'] !== 1)
      problems.push(`headers: x-schema-version is ${JSON.stringify(headers['x-schema-version'])}; the bus sends the integer 1`);

    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(message.content);
    } catch {
      return [...problems, 'body: is not UTF-8'];
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      return [...problems, `body: is not JSON (${(error as Error).message})`];
    }
    if (!documented.validatePayload(body)) problems.push(...describe('body', documented.validatePayload.errors));
    if (p.appId === 'lienthong' && text !== text.normalize('NFC')) problems.push('body: text is not NFC-normalized');
    const expected = documented.correlationPath && valueAt(body, documented.correlationPath);
    if (typeof expected === 'string' && p.correlationId !== expected) {
      problems.push(
        `properties: correlation_id "${p.correlationId ?? ''}" is not the body's ${documented.correlationPath!.join('.')} "${expected}"`,
      );
    } else if (documented.correlationPath && expected === undefined && !p.correlationId) {
      problems.push('properties: correlation_id is missing');
    }
    const dossierCode = valueAt(body, ['dossierCode']);
    if (typeof dossierCode === 'string' && p.correlationId !== dossierCode && expected !== dossierCode) {
      problems.push(`properties: correlation_id "${p.correlationId ?? ''}" is not the dossierCode "${dossierCode}"`);
    }
    return problems;
  }
}

/** One message as it came off the broker. */
export interface WireMessage {
  readonly exchange: string;
  readonly routingKey: string;
  readonly properties: Partial<amqp.MessageProperties>;
  readonly content: Buffer;
}

/** A message that did not conform, with every problem found. */
export interface Nonconformity {
  readonly routingKey: string;
  readonly messageId: string | undefined;
  readonly appId: string | undefined;
  readonly problems: readonly string[];
}

/**
 * A consumer bound to `#` on the document's exchange (`lienthong.events`), as any subscriber of the contract
 * may bind, that checks every message it sees. Exclusive, auto-delete and unacknowledged: it takes nothing from
 * anyone. `assertConforming()` throws, listing them, if any message did not conform.
 */
export class ConformanceMonitor {
  /** Messages checked so far, per routing key. */
  readonly checked = new Map<string, number>();
  private readonly failures: Nonconformity[] = [];

  private constructor(
    private readonly conformance: ContractConformance,
    private readonly model: amqp.ChannelModel,
  ) {}

  static async start(amqpUrl: string, conformance?: ContractConformance): Promise<ConformanceMonitor> {
    const checker = conformance ?? (await ContractConformance.load());
    const model = await amqp.connect(amqpUrl, { clientProperties: { connection_name: 'lienthong-conformance' } });
    const monitor = new ConformanceMonitor(checker, model);
    const channel = await model.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    for (const exchange of checker.exchanges) {
      await channel.assertExchange(exchange, 'topic', { durable: true });
      await channel.bindQueue(queue, exchange, '#');
    }
    await channel.consume(queue, (msg) => msg && monitor.take(msg), { noAck: true });
    return monitor;
  }

  /** Number of messages checked. */
  get total(): number {
    let n = 0;
    for (const count of this.checked.values()) n += count;
    return n;
  }

  /** The messages that did not conform, in arrival order. */
  nonconforming(): readonly Nonconformity[] {
    return this.failures;
  }

  /** Throws if a message did not conform (listing up to 20), or if none was seen at all (nothing was checked). */
  assertConforming(): void {
    if (this.total === 0) throw new Error('the conformance monitor saw no message on the contract exchange: nothing was checked');
    if (this.failures.length === 0) return;
    const shown = this.failures
      .slice(0, 20)
      .map((f) => `- ${f.routingKey} (message_id ${f.messageId ?? 'none'}, app_id ${f.appId ?? 'none'}): ${f.problems.join('; ')}`);
    const more = this.failures.length > shown.length ? [`… and ${this.failures.length - shown.length} more`] : [];
    throw new Error(
      `${this.failures.length} of ${this.total} messages on ${this.conformance.exchanges.join(', ')} do not conform to docs/asyncapi.yaml:\n${[...shown, ...more].join('\n')}`,
    );
  }

  async close(): Promise<void> {
    await this.model.close().catch(() => undefined);
  }

  private take(msg: amqp.ConsumeMessage): void {
    const { exchange, routingKey } = msg.fields;
    this.checked.set(routingKey, (this.checked.get(routingKey) ?? 0) + 1);
    const problems = this.conformance.check({ exchange, routingKey, properties: msg.properties, content: msg.content });
    if (problems.length > 0)
      this.failures.push({
        routingKey,
        messageId: msg.properties.messageId as string | undefined,
        appId: msg.properties.appId as string | undefined,
        problems,
      });
  }
}

interface DocumentedMessage {
  readonly id: string;
  readonly producer: string | undefined;
  /** Path into the body of the value `correlation_id` must carry (from `$message.payload#/dossierCode`). */
  readonly correlationPath: readonly string[] | undefined;
  readonly validatePayload: ValidateFunction;
  readonly validateHeaders: ValidateFunction;
}

function pointerOf(location: string | undefined): string[] | undefined {
  const match = location && /^\$message\.payload#\/(.*)$/.exec(location);
  return match ? match[1].split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~')) : undefined;
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function definedOnly(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

function describe(where: string, errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const at = `${where}${e.instancePath.replace(/\//g, '.')}`;
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${String((e.params as { additionalProperty: string }).additionalProperty)})`
        : e.keyword === 'enum'
          ? ` (${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)})`
          : '';
    return `${at} ${e.message ?? e.keyword}${extra}`;
  });
}

/** Every key starting with `x-` anywhere in a schema: extensions the parser or the document added. */
function extensionKeywords(schema: unknown, found = new Set<string>(), seen = new Set<unknown>()): Set<string> {
  if (schema === null || typeof schema !== 'object' || seen.has(schema)) return found;
  seen.add(schema);
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-')) found.add(key);
    extensionKeywords(value, found, seen);
  }
  return found;
}
