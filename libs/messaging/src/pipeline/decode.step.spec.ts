import type { ConsumeMessage } from 'amqplib';
import { EXCHANGE, INTERNAL_EXCHANGE } from '@lienthong/contracts';
import { ContractViolation } from '../errors';
import { decode } from './decode.step';
import { mayHaveRunBefore } from './inbound-message';

const delivery = (
  content: string | Buffer,
  properties: Record<string, unknown> = {},
  fields: Record<string, unknown> = {},
): ConsumeMessage =>
  ({
    content: Buffer.isBuffer(content) ? content : Buffer.from(content),
    fields: {
      exchange: EXCHANGE,
      routingKey: 'onestop.dossier.withdrawn',
      deliveryTag: 1,
      redelivered: false,
      consumerTag: 'c',
      ...fields,
    },
    properties: {
      messageId: 'm-1',
      type: 'onestop.dossier.withdrawn',
      contentType: 'application/json',
      headers: { 'x-schema-version': 1 },
      ...properties,
    },
  }) as unknown as ConsumeMessage;

const problemsOf = (raw: ConsumeMessage, max = 1000): Array<{ field: string; problem: string }> => {
  try {
    decode(raw, max);
  } catch (error) {
    expect(error).toBeInstanceOf(ContractViolation);
    return [...(error as ContractViolation).reasons];
  }
  throw new Error('expected a ContractViolation');
};

describe('decode step', () => {
  it('reads a valid envelope and NFC-normalizes the body', () => {
    const decomposed = 'Nguye\u0302\u0303n'; // "Nguyễn" with combining marks
    const message = decode(delivery(JSON.stringify({ dossierCode: 'A-1', reason: decomposed })), 1000);
    expect(message).toMatchObject({ messageId: 'm-1', type: 'onestop.dossier.withdrawn', attempt: 1 });
    expect(message.body.reason).toBe('Nguyễn');
    expect(message.body.reason).toBe((message.body.reason as string).normalize('NFC'));
  });

  it('tells a first delivery from one a handler may have seen: redelivered, retried or replayed', () => {
    const body = '{"dossierCode":"A-1"}';
    const first = decode(delivery(body), 1000);
    expect(first.redelivered).toBe(false);
    expect(mayHaveRunBefore(first)).toBe(false);
    expect(mayHaveRunBefore(decode(delivery(body, {}, { redelivered: true }), 1000))).toBe(true);
    expect(mayHaveRunBefore(decode(delivery(body, { headers: { 'x-schema-version': 1, 'x-lienthong-attempt': 2 } }), 1000))).toBe(true);
    expect(mayHaveRunBefore(decode(delivery(body, { headers: { 'x-schema-version': 1, 'x-lienthong-replay-of': 'dl-1' } }), 1000))).toBe(
      true,
    );
  });

  it('reads a bus-internal message from lienthong.internal like a contract one: type from the routing key, and equal to it', () => {
    const internal = { exchange: INTERNAL_EXCHANGE, routingKey: 'dms.package-sent' };
    expect(decode(delivery('{}', { type: undefined }, internal), 1000).type).toBe('dms.package-sent');
    expect(problemsOf(delivery('{}', { type: 'dms.status-received' }, internal)).map((p) => p.field)).toEqual(['type']);
  });

  it('accepts the schema version as the string "1"', () => {
    expect(() => decode(delivery('{}', { headers: { 'x-schema-version': '1' } }), 1000)).not.toThrow();
  });

  it.each([
    ['no message_id', delivery('{}', { messageId: undefined }), 'message_id'],
    ['an unknown type', delivery('{}', { type: 'onestop.dossier.teleported' }, { routingKey: 'onestop.dossier.teleported' }), 'type'],
    ['a type that differs from the routing key', delivery('{}', { type: 'onestop.dossier.received' }), 'type'],
    ['no schema version', delivery('{}', { headers: {} }), 'x-schema-version'],
    ['schema version 2', delivery('{}', { headers: { 'x-schema-version': 2 } }), 'x-schema-version'],
    ['a non-JSON content type', delivery('{}', { contentType: 'text/xml' }), 'content_type'],
    ['a body that is not JSON', delivery('{"a":'), 'body'],
    ['a JSON array body', delivery('[1,2]'), 'body'],
  ])('rejects %s, naming %s', (_label, raw, field) => {
    expect(problemsOf(raw).map((p) => p.field)).toContain(field);
  });

  it('rejects a body over the size limit without parsing it', () => {
    const [problem] = problemsOf(delivery(Buffer.alloc(2000, 0x20)), 1000);
    expect(problem).toEqual({ field: 'body', problem: 'is 2000 bytes, larger than the limit of 1000 (MAX_MESSAGE_BYTES)' });
  });

  it('takes the type from the properties for retries and replays through the default exchange', () => {
    const raw = delivery(
      '{}',
      { headers: { 'x-schema-version': 1, 'x-lienthong-attempt': 3 } },
      { exchange: '', routingKey: 'lienthong.orchestrator' },
    );
    expect(decode(raw, 1000)).toMatchObject({ type: 'onestop.dossier.withdrawn', attempt: 3 });
  });
});
