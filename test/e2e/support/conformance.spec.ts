import { CONTRACT_MESSAGE_TYPES, MESSAGES, correlationIdOf, sampleMessage } from '@lienthong/contracts';
import {
  sampleArchiveHandoverUpdated,
  sampleDossierReceived,
  sampleDossierStatusChanged,
  samplePostalShipmentUpdated,
} from '@lienthong/contracts/testing/samples';
import { ContractConformance, type WireMessage } from './conformance';

const EVENTS = 'lienthong.events';
const NOW_S = Math.floor(Date.now() / 1000);

/** A message as the bus (or, for `onestop.*`, the one-stop system) puts it on the wire, with every property right. */
function wire(
  type: string,
  body: unknown,
  overrides: { properties?: Record<string, unknown>; headers?: Record<string, unknown>; content?: Buffer; routingKey?: string } = {},
): WireMessage {
  const bodyOf = body as Record<string, unknown>;
  const producer = type.startsWith('onestop.') ? 'onestop' : 'lienthong';
  const correlationId = (bodyOf.dossierCode ?? bodyOf.batchId) as string | undefined;
  return {
    exchange: EVENTS,
    routingKey: overrides.routingKey ?? type,
    content: overrides.content ?? Buffer.from(JSON.stringify(body), 'utf8'),
    properties: {
      messageId: '0b6f4f8e-8f39-4a43-9f0e-3c1d2a7b5e10',
      type,
      ...(correlationId ? { correlationId } : {}),
      timestamp: NOW_S,
      contentType: 'application/json',
      appId: producer,
      deliveryMode: 2,
      headers: { 'x-schema-version': 1, 'x-lienthong-sent-at': Date.now(), ...overrides.headers },
      ...overrides.properties,
    },
  };
}

describe('the conformance check against docs/asyncapi.yaml', () => {
  let conformance: ContractConformance;
  const status = (): ReturnType<typeof sampleDossierStatusChanged> => sampleDossierStatusChanged();
  const problems = (message: WireMessage): string => conformance.check(message).join('\n');

  beforeAll(async () => {
    conformance = await ContractConformance.load();
  });

  it('reads the exchange and every routing key of the document', () => {
    expect(conformance.exchanges).toEqual([EVENTS]);
    expect(conformance.routingKeys(EVENTS).sort()).toEqual([...CONTRACT_MESSAGE_TYPES].sort());
  });

  it('passes a well-formed sample of every contract message, and the one-stop sending x-schema-version "1"', () => {
    for (const type of CONTRACT_MESSAGE_TYPES) {
      const body = sampleMessage(type);
      const correlationId = correlationIdOf(type, body) ?? 'any';
      expect(`${type}: ${problems(wire(type, body, { properties: { correlationId } }))}`).toBe(`${type}: `);
    }
    expect(problems(wire('onestop.dossier.received', sampleDossierReceived(), { headers: { 'x-schema-version': '1' } }))).toBe('');
    // A shipment of an archive batch has no dossier: its correlation is the batch.
    const batchShipment = samplePostalShipmentUpdated({
      purpose: 'archive-handover',
      dossierCode: undefined,
      batchId: 'LT-SKHDT-20260420-01JRZ5',
    });
    expect(problems(wire('postal.shipment-updated', batchShipment))).toBe('');
  });

  it.each([
    ['a missing message_id', { properties: { messageId: undefined } }, /properties must have required property 'message_id'/],
    ['an empty message_id', { properties: { messageId: '' } }, /message_id is empty/],
    [
      'a type other than the routing key',
      { properties: { type: 'dossier.changed' } },
      /type "dossier.changed" does not equal the routing key/,
    ],
    ['no type', { properties: { type: undefined } }, /required property 'type'/],
    [
      'a wrong app_id',
      { properties: { appId: 'onestop' } },
      /app_id "onestop" is not the producer of dossier.status-changed \(lienthong\)/,
    ],
    ['an unknown app_id', { properties: { appId: 'ioffice' } }, /properties.app_id must be equal to one of the allowed values/],
    ['delivery_mode 1 (transient)', { properties: { deliveryMode: 1 } }, /properties.delivery_mode must be equal to constant/],
    ['no delivery_mode', { properties: { deliveryMode: undefined } }, /required property 'delivery_mode'/],
    ['a content type other than JSON', { properties: { contentType: 'text/plain' } }, /properties.content_type must be equal to constant/],
    ['no timestamp', { properties: { timestamp: undefined } }, /required property 'timestamp'/],
    ['a timestamp in milliseconds', { properties: { timestamp: Date.now() } }, /timestamp \d+ is not seconds since epoch/],
    ['no correlation_id', { properties: { correlationId: undefined } }, /correlation_id "" is not the body's dossierCode/],
    [
      "another dossier's correlation_id",
      { properties: { correlationId: '000.00.12.H36-260415-0002' } },
      /correlation_id "000.00.12.H36-260415-0002" is not the body's dossierCode/,
    ],
    ['no x-schema-version', { properties: { headers: {} } }, /headers must have required property 'x-schema-version'/],
    ['x-schema-version 2', { headers: { 'x-schema-version': 2 } }, /headers.x-schema-version must be equal to one of the allowed values/],
    [
      'the bus sending x-schema-version "1" (it sends the integer)',
      { headers: { 'x-schema-version': '1' } },
      /the bus sends the integer 1/,
    ],
    ['a malformed traceparent', { headers: { traceparent: 'not-a-trace' } }, /headers.traceparent must match pattern/],
  ])('fails a message with %s', (_label, overrides, expected) => {
    expect(problems(wire('dossier.status-changed', status(), overrides))).toMatch(expected);
  });

  it.each([
    ['a body field of the wrong type', { ...status(), portalStatus: '4' }, /body.portalStatus must be integer/],
    ['a body field outside its enum', { ...status(), stage: 'SOMEWHERE' }, /body.stage must be equal to one of the allowed values/],
    ['a missing required field', (({ occurredAt: _, ...rest }) => rest)(status()), /body must have required property 'occurredAt'/],
    ['a field the schema does not know', { ...status(), note: 'x' }, /body must NOT have additional properties \(note\)/],
    ['a date without offset', { ...status(), occurredAt: '2026-04-20 10:15' }, /body.occurredAt must/],
    ['a dossier code outside the pattern', { ...status(), dossierCode: 'SKHĐT/0001' }, /body.dossierCode must match pattern/],
    ['a nested field violating its schema', { ...status(), progress: { ...status().progress, actor: '' } }, /body.progress.actor must/],
  ])('fails a body with %s', (_label, body, expected) => {
    expect(problems(wire('dossier.status-changed', body, { properties: { correlationId: status().dossierCode } }))).toMatch(expected);
  });

  it('fails a body that is not JSON, not UTF-8, or not NFC when the bus sends it', () => {
    expect(problems(wire('dossier.status-changed', status(), { content: Buffer.from('{"dossierCode":') }))).toMatch(/body: is not JSON/);
    expect(problems(wire('dossier.status-changed', status(), { content: Buffer.from([0x7b, 0xc3, 0x28, 0x7d]) }))).toMatch(
      /body: is not UTF-8/,
    );
    const nfd = { ...status(), progress: { ...status().progress, actor: 'Trần Minh Quân'.normalize('NFD') } };
    expect(problems(wire('dossier.status-changed', nfd))).toMatch(/body: text is not NFC-normalized/);
  });

  it('fails a routing key the document does not describe: internal messages, heartbeats, other exchanges', () => {
    for (const key of ['dms.send-requested', 'postal.order-requested', 'lienthong.heartbeat.orchestrator', 'dossier.status-changed.v2']) {
      expect(problems(wire(key, {}, { routingKey: key }))).toBe(
        `routing key "${key}" is not a channel of docs/asyncapi.yaml on lienthong.events`,
      );
    }
    expect(problems({ ...wire('dossier.status-changed', status()), exchange: 'lienthong.internal' })).toMatch(
      /not a channel of docs\/asyncapi.yaml on lienthong.internal/,
    );
    expect(MESSAGES['dms.send-requested'].internal).toBe(true);
  });

  it('fails a heartbeat exactly as it used to be published on the contract exchange, naming every missing property', () => {
    const heartbeat: WireMessage = {
      exchange: EVENTS,
      routingKey: 'lienthong.heartbeat.orchestrator',
      content: Buffer.from(
        JSON.stringify({ service: 'orchestrator', instance: 'h:1', version: '0.1.0', startedAt: 1, at: 2, ready: true, checks: {} }),
      ),
      properties: {
        contentType: 'application/json',
        type: 'lienthong.heartbeat',
        deliveryMode: 1,
        expiration: '6000',
        timestamp: NOW_S,
        headers: {},
      },
    };
    expect(conformance.check(heartbeat)).toEqual([
      'routing key "lienthong.heartbeat.orchestrator" is not a channel of docs/asyncapi.yaml on lienthong.events',
    ]);
    // Even under a documented key, such an envelope fails on every property the contract lists.
    const asStatus = problems({ ...heartbeat, routingKey: 'dossier.status-changed', content: Buffer.from(JSON.stringify(status())) });
    for (const expected of [
      /message_id/,
      /app_id/,
      /delivery_mode/,
      /x-schema-version/,
      /type "lienthong.heartbeat" does not equal/,
      /correlation_id/,
    ])
      expect(asStatus).toMatch(expected);
  });

  it('checks correlation for batch messages too: archive.handover-updated carries its batch id', () => {
    const handover = sampleArchiveHandoverUpdated();
    expect(problems(wire('archive.handover-updated', handover))).toBe('');
    expect(problems(wire('archive.handover-updated', handover, { properties: { correlationId: 'other-batch' } }))).toMatch(
      /correlation_id "other-batch" is not the body's batchId/,
    );
  });
});
