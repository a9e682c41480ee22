import { APP_IDS, EXCHANGE, HEADERS, INTERNAL_EXCHANGE, SCHEMA_VERSION, DEFAULT_MAX_MESSAGE_BYTES } from './envelope';
import { DossierReceivedMessage } from './messages';
import {
  CONTRACT_MESSAGE_TYPES,
  correlationIdOf,
  exchangeOf,
  isMessageType,
  MESSAGE_TYPES,
  MESSAGES,
  MessageBody,
  messageTypesProducedBy,
} from './routing';
import { sampleArchiveHandoverUpdated, sampleDossierReceived, sampleMessageRejected, samplePostalShipmentUpdated } from './testing/samples';

describe('routing map', () => {
  it('lists the twelve message types of contract v1 and the nine internal ones, keyed by their own type', () => {
    expect(CONTRACT_MESSAGE_TYPES).toHaveLength(12);
    expect(MESSAGE_TYPES.filter((type) => MESSAGES[type].internal)).toEqual([
      'dms.send-requested',
      'dms.package-sent',
      'dms.status-received',
      'dms.decision-received',
      'postal.order-requested',
      'postal.order-created',
      'postal.tracking-received',
      'orchestrator.dossier-step-requested',
      'orchestrator.batch-step-requested',
    ]);
    // No internal type may reach the one-stop system's queue (bound to dossier.#, decision.#, archive.#, …).
    for (const type of MESSAGE_TYPES.filter((t) => MESSAGES[t].internal)) expect(type).toMatch(/^(dms|postal|orchestrator)\./);
    for (const type of MESSAGE_TYPES) expect(MESSAGES[type].type).toBe(type);
  });

  it('publishes the contract on lienthong.events and the internal messages on lienthong.internal only', () => {
    expect(INTERNAL_EXCHANGE).toBe('lienthong.internal');
    for (const type of MESSAGE_TYPES)
      expect(`${type} → ${exchangeOf(type)}`).toBe(`${type} → ${MESSAGES[type].internal ? 'lienthong.internal' : 'lienthong.events'}`);
    // Internal postal.* share the contract's prefix: only the exchange keeps them from a subscriber of postal.#.
    expect(exchangeOf('postal.shipment-updated')).toBe(EXCHANGE);
    expect(exchangeOf('postal.order-requested')).toBe(INTERNAL_EXCHANGE);
  });

  it('has one distinct body class per type', () => {
    expect(new Set(MESSAGE_TYPES.map((type) => MESSAGES[type].messageClass)).size).toBe(MESSAGE_TYPES.length);
  });

  it('lets the one-stop system publish only onestop.* and the bus everything else', () => {
    expect(messageTypesProducedBy('onestop')).toEqual([
      'onestop.dossier.received',
      'onestop.dossier.appraised',
      'onestop.decision.approved-at-center',
      'onestop.decision.issued',
      'onestop.dossier.result-returned',
      'onestop.dossier.withdrawn',
    ]);
    for (const type of MESSAGE_TYPES) expect(MESSAGES[type].producer === 'onestop').toBe(type.startsWith('onestop.'));
    expect(messageTypesProducedBy('lienthong')).toHaveLength(6 + 9);
  });

  it('recognizes message types and nothing else', () => {
    expect(isMessageType('onestop.dossier.received')).toBe(true);
    expect(isMessageType('onestop.dossier')).toBe(false);
    expect(isMessageType('toString')).toBe(false);
    expect(isMessageType(42)).toBe(false);
  });

  it('types bodies by message type', () => {
    const body: MessageBody<'onestop.dossier.received'> = new DossierReceivedMessage();
    expect(body).toBeInstanceOf(MESSAGES['onestop.dossier.received'].messageClass);
  });

  it('derives correlation_id from the body: dossier code, else batch id', () => {
    expect(correlationIdOf('onestop.dossier.received', sampleDossierReceived())).toBe('000.00.12.H36-260415-0001');
    expect(correlationIdOf('archive.handover-updated', sampleArchiveHandoverUpdated())).toBe('01JRZ5K3W8Q4N2M7T9V6X1Y0AB');
    const handoverShipment = samplePostalShipmentUpdated({ purpose: 'archive-handover', dossierCode: undefined, batchId: 'B1' });
    expect(correlationIdOf('postal.shipment-updated', handoverShipment)).toBe('B1');
    expect(correlationIdOf('lienthong.message-rejected', sampleMessageRejected())).toBeUndefined();
  });

  it('exposes the envelope constants of the contract', () => {
    expect(EXCHANGE).toBe('lienthong.events');
    expect(SCHEMA_VERSION).toBe(1);
    expect(HEADERS).toEqual({ schemaVersion: 'x-schema-version', traceparent: 'traceparent', causationId: 'x-causation-id' });
    expect(APP_IDS).toEqual(['onestop', 'lienthong']);
    expect(DEFAULT_MAX_MESSAGE_BYTES).toBe(1048576);
  });
});
