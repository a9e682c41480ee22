import { childTraceparent, contractProperties, isTraceparent, newTraceparent } from './envelope';

describe('contractProperties', () => {
  it('sets every property contract v1 requires, and nothing it does not', () => {
    const traceparent = newTraceparent();
    const properties = contractProperties({
      type: 'onestop.dossier.received',
      messageId: '3b241101-e2bb-4255-8caf-4136c566a962',
      correlationId: '000.00.12.H36-261128-0001',
      occurredAt: new Date('2026-11-28T01:30:00.900Z'),
      traceparent,
    });
    expect(properties).toEqual({
      messageId: '3b241101-e2bb-4255-8caf-4136c566a962',
      type: 'onestop.dossier.received',
      correlationId: '000.00.12.H36-261128-0001',
      timestamp: Date.parse('2026-11-28T01:30:00Z') / 1000,
      contentType: 'application/json',
      appId: 'onestop',
      deliveryMode: 2,
      headers: { 'x-schema-version': 1, traceparent },
    });
  });

  it('leaves correlation_id out when there is none', () => {
    const properties = contractProperties({ type: 'x', messageId: 'm', occurredAt: new Date(0), traceparent: newTraceparent() });
    expect('correlationId' in properties).toBe(false);
  });
});

describe('trace context', () => {
  it('starts a sampled trace of version 00', () => {
    const parent = newTraceparent();
    expect(parent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(isTraceparent(parent)).toBe(true);
  });

  it('continues the cause trace with a new span, or starts one when the cause has none or a bad one', () => {
    const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';
    const child = childTraceparent(parent);
    expect(child).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-00$/);
    expect(child).not.toBe(parent);
    for (const bad of [undefined, 'nonsense', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`]) {
      expect(childTraceparent(bad)).not.toContain('4bf92f35');
      expect(isTraceparent(childTraceparent(bad))).toBe(true);
    }
  });
});
