import type { ConsumeMessage } from 'amqplib';
import { EXCHANGE, type FieldProblem, HEADERS, INTERNAL_EXCHANGE, isMessageType, normalizeNfc } from '@lienthong/contracts';
import { ContractViolation } from '../errors';
import { type InboundMessage, RETRY_HEADERS } from './inbound-message';

const SCHEMA_VERSION_1 = /^1(\.\d+){0,2}$/;

/**
 * First step: checks the envelope (size, message_id, type, schema version, content type) and parses the
 * body. Throws `ContractViolation` naming every problem found, with `field` set to the property or header.
 */
export function decode(raw: ConsumeMessage, maxBytes: number): InboundMessage {
  const problems: FieldProblem[] = [];
  const { properties, fields, content } = raw;
  const headers = (properties.headers ?? {}) as Record<string, unknown>;

  if (content.length > maxBytes) {
    problems.push({ field: 'body', problem: `is ${content.length} bytes, larger than the limit of ${maxBytes} (MAX_MESSAGE_BYTES)` });
  }
  const messageId = properties.messageId as string | undefined;
  if (typeof messageId !== 'string' || messageId.length === 0 || messageId.length > 128) {
    problems.push({ field: 'message_id', problem: 'is required: a unique id per message (UUID or ULID), at most 128 characters' });
  }
  // Retries and replays arrive through the default exchange, routed by queue name: `type` then decides.
  const routed = fields.exchange === EXCHANGE || fields.exchange === INTERNAL_EXCHANGE;
  const type = (properties.type as string | undefined) ?? (routed ? fields.routingKey : undefined);
  if (!type) {
    problems.push({ field: 'type', problem: 'is required and must equal the routing key' });
  } else if (!isMessageType(type)) {
    problems.push({ field: 'type', problem: `"${type}" is not a message of contract v1` });
  } else if (routed && fields.routingKey !== type) {
    problems.push({ field: 'type', problem: `"${type}" does not equal the routing key "${fields.routingKey}"` });
  }
  const version = headers[HEADERS.schemaVersion];
  if (version === undefined || version === null) {
    problems.push({ field: HEADERS.schemaVersion, problem: 'is required (1)' });
  } else if (!SCHEMA_VERSION_1.test(String(version))) {
    problems.push({
      field: HEADERS.schemaVersion,
      problem: `version ${JSON.stringify(version)} is not supported; this bus speaks version 1`,
    });
  }
  const contentType = properties.contentType as string | undefined;
  if (contentType !== undefined && !/^application\/json\b/i.test(contentType)) {
    problems.push({ field: 'content_type', problem: `must be application/json, got "${contentType}"` });
  }

  let body: unknown;
  if (content.length <= maxBytes) {
    try {
      body = JSON.parse(content.toString('utf8'));
      if (body === null || typeof body !== 'object' || Array.isArray(body))
        problems.push({ field: 'body', problem: 'must be a JSON object' });
    } catch (error) {
      problems.push({ field: 'body', problem: `is not valid JSON (${(error as Error).message})` });
    }
  }
  if (problems.length > 0) throw new ContractViolation(problems, 'CONTRACT.INVALID_ENVELOPE');

  const attempt = Number(headers[RETRY_HEADERS.attempt] ?? 1);
  return {
    messageId: messageId as string,
    type: type as InboundMessage['type'],
    body: normalizeNfc(body as Record<string, unknown>),
    correlationId: properties.correlationId as string | undefined,
    appId: properties.appId as string | undefined,
    timestamp: typeof properties.timestamp === 'number' ? properties.timestamp : undefined,
    traceparent: typeof headers[HEADERS.traceparent] === 'string' ? (headers[HEADERS.traceparent] as string) : undefined,
    headers,
    attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : 1,
    redelivered: fields.redelivered === true,
  };
}
