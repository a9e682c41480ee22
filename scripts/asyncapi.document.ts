import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  APP_IDS,
  CONTENT_TYPE,
  DEFAULT_MAX_MESSAGE_BYTES,
  DELIVERY_MODE_PERSISTENT,
  EXCHANGE,
  EXCHANGE_TYPE,
  HEADERS,
  JsonSchema,
  CONTRACT_MESSAGE_TYPES,
  MESSAGES,
  MessageType,
  SCHEMA_VERSION,
  toJsonSchemas,
} from '@lienthong/contracts';
import { SENT_AT_HEADER } from '@lienthong/messaging/hop-latency';
import { readJsDocDescriptions } from './asyncapi.jsdoc';

/** Where the generated document lives, relative to the repository root. */
export const ASYNCAPI_FILE = 'docs/asyncapi.yaml';

const CONTRACTS_SOURCE = join(__dirname, '..', 'libs', 'contracts', 'src');
const AMQP_BINDING_VERSION = '0.3.0';

const INFO_DESCRIPTION = `Contract v1 between the provincial one-stop system (Hệ thống thông tin một cửa điện tử) and the
Liên thông bus, over AMQP 0-9-1 (RabbitMQ). Generated from the contract classes of \`libs/contracts\`
(\`npm run asyncapi\`); the same decorators drive the bus's validator, so this document and the bus agree.

**Point of view.** Operations are described from the bus's side: the bus \`receive\`s the \`onestop.*\`
messages the one-stop system publishes, and \`send\`s its own messages (\`dossier.*\`, \`decision.*\`,
\`postal.*\`, \`archive.*\`, \`lienthong.*\`). A one-stop system implementing the contract does the opposite.

**Broker.** Every message is published to the exchange \`${EXCHANGE}\` (${EXCHANGE_TYPE}, durable, declared by the
bus) with the message type as routing key. Only the messages of this document travel on it: a consumer bound to
\`#\` sees nothing else (the bus's internal messages and its heartbeats use exchanges of their own). Each
consumer binds its own durable queue to the keys it wants (e.g. the one-stop system binds \`onestop.inbox\` to
\`dossier.#\` and \`decision.#\`). Each system has its own RabbitMQ user, allowed to publish only its own
prefix (the one-stop user writes \`^onestop\\.\` only).

**Envelope (every message, both directions).** AMQP properties: \`message_id\` required and unique (UUID or
ULID; the bus deduplicates on it, effect once); \`type\` equal to the routing key; \`correlation_id\` the
dossier code for dossier-scoped messages; \`timestamp\` in seconds since epoch when the fact happened;
\`content_type\` \`${CONTENT_TYPE}\` (UTF-8 JSON; Vietnamese text is NFC-normalized by the bus); \`app_id\`
\`${APP_IDS.join('` or `')}\`; \`delivery_mode\` ${DELIVERY_MODE_PERSISTENT}. Headers: \`${HEADERS.schemaVersion}\` = ${SCHEMA_VERSION}, \`${HEADERS.traceparent}\`
(optional W3C trace context), \`${HEADERS.causationId}\` (optional, set by the bus). Timestamps inside bodies
are ISO 8601 with offset (Vietnam is \`+07:00\`). These are listed under the message trait \`envelope\`
(\`headers\` for AMQP headers, the extension \`x-amqp-properties\` for AMQP basic properties).

**Rejections.** A message whose body is not JSON, fails its schema (including unknown properties), names an
unknown department or dossier, has an unknown \`${HEADERS.schemaVersion}\`, or is larger than
\`MAX_MESSAGE_BYTES\` (default ${DEFAULT_MAX_MESSAGE_BYTES} bytes) is answered with
\`lienthong.message-rejected\` (reasons as dotted field paths, e.g. \`applicant.idNumber\`) and kept whole
in the bus's dead-letter store, where an operator can inspect, fix and replay it. Nothing is silently dropped.`;

/** `onestop.dossier.received` → `onestopDossierReceived` (ids of channels, messages and operations). */
function idOf(type: MessageType): string {
  return type.replace(/[.-]([a-z])/g, (_, c: string) => c.toUpperCase());
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function envelopeTrait(): JsonSchema {
  return {
    headers: {
      type: 'object',
      required: [HEADERS.schemaVersion],
      properties: {
        [HEADERS.schemaVersion]: {
          description: `Major schema version: the bus sends the integer ${SCHEMA_VERSION} and accepts ${SCHEMA_VERSION} or "${SCHEMA_VERSION}"; any other version is rejected.`,
          enum: [SCHEMA_VERSION, String(SCHEMA_VERSION)],
        },
        [HEADERS.traceparent]: {
          description: 'Optional W3C trace context; the bus propagates it.',
          type: 'string',
          pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
        },
        [HEADERS.causationId]: {
          description: 'message_id of the message that caused this one (set by the bus on what it publishes).',
          type: 'string',
          maxLength: 255,
        },
        [SENT_AT_HEADER]: {
          description:
            'Set by the bus on what it publishes: epoch milliseconds when it wrote the message (its per-hop latency figures start there). Informational; consumers may ignore it.',
          type: 'integer',
        },
      },
    },
    'x-amqp-properties': {
      description: 'AMQP basic properties of every message (not headers).',
      type: 'object',
      required: ['message_id', 'type', 'timestamp', 'content_type', 'app_id', 'delivery_mode'],
      properties: {
        message_id: { type: 'string', maxLength: 255, description: 'Unique per message (UUID or ULID); the bus deduplicates on it.' },
        type: { type: 'string', description: 'The message type; equals the routing key.' },
        correlation_id: { type: 'string', description: 'The dossierCode for dossier-scoped messages (see each message).' },
        timestamp: { type: 'integer', description: 'Seconds since epoch, when the fact happened at the producer.' },
        content_type: { const: CONTENT_TYPE },
        app_id: { enum: [...APP_IDS], description: 'The producing system.' },
        delivery_mode: { const: DELIVERY_MODE_PERSISTENT, description: 'Persistent.' },
      },
    },
  };
}

/** The AsyncAPI 3.0.0 document of contract v1, as plain data (deterministic: same classes, same document). */
export function buildAsyncApiDocument(): Record<string, unknown> {
  const docs = readJsDocDescriptions(CONTRACTS_SOURCE);
  const schemas = toJsonSchemas(
    CONTRACT_MESSAGE_TYPES.map((type) => MESSAGES[type].messageClass),
    { describe: (className, property) => docs.get(property === undefined ? className : `${className}.${property}`) },
  );
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const type of CONTRACT_MESSAGE_TYPES) {
    const definition = MESSAGES[type];
    const id = idOf(type);
    const className = definition.messageClass.name;
    const received = definition.producer === 'onestop';
    const [correlationField, ...otherFields] = definition.correlationFields;
    messages[id] = {
      name: type,
      title: className,
      summary: definition.summary,
      contentType: CONTENT_TYPE,
      ...(correlationField === undefined
        ? {}
        : {
            correlationId: {
              description: `AMQP correlation_id: the body's ${[correlationField, ...otherFields].join(', or else ')}.`,
              location: `$message.payload#/${correlationField}`,
            },
          }),
      traits: [{ $ref: '#/components/messageTraits/envelope' }],
      payload: { $ref: `#/components/schemas/${className}` },
      bindings: { amqp: { messageType: type, bindingVersion: AMQP_BINDING_VERSION } },
      'x-app-id': definition.producer,
    };
    channels[id] = {
      address: type,
      title: type,
      description: `Routing key \`${type}\` on the exchange \`${EXCHANGE}\`; published by \`${definition.producer}\`.`,
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
      bindings: {
        amqp: {
          is: 'routingKey',
          exchange: { name: EXCHANGE, type: EXCHANGE_TYPE, durable: true, autoDelete: false, vhost: '/' },
          bindingVersion: AMQP_BINDING_VERSION,
        },
      },
    };
    operations[`${received ? 'receive' : 'send'}${capitalize(id)}`] = {
      action: received ? 'receive' : 'send',
      channel: { $ref: `#/channels/${id}` },
      summary: definition.summary,
      tags: [{ name: definition.producer }],
      messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
      bindings: {
        amqp: received
          ? { ack: true, bindingVersion: AMQP_BINDING_VERSION }
          : { deliveryMode: DELIVERY_MODE_PERSISTENT, timestamp: true, bindingVersion: AMQP_BINDING_VERSION },
      },
    };
  }
  return {
    asyncapi: '3.0.0',
    info: { title: 'Liên thông bus: one-stop contract v1 (AMQP)', version: `${SCHEMA_VERSION}.0.0`, description: INFO_DESCRIPTION },
    defaultContentType: CONTENT_TYPE,
    servers: {
      rabbitmq: {
        host: '{host}:{port}',
        protocol: 'amqp',
        protocolVersion: '0.9.1',
        pathname: '/',
        description: "The province's RabbitMQ broker; every system connects with its own user.",
        variables: { host: { default: 'localhost' }, port: { default: '5672' } },
      },
    },
    channels,
    operations,
    components: {
      schemas,
      messages,
      messageTraits: { envelope: envelopeTrait() },
    },
  };
}

/** The document as YAML text, exactly as checked in at `docs/asyncapi.yaml`. */
export function renderAsyncApiYaml(): string {
  const header = '# Generated from libs/contracts by `npm run asyncapi`. Do not edit by hand.\n';
  return header + stringify(buildAsyncApiDocument(), { lineWidth: 0, aliasDuplicateObjects: false });
}
