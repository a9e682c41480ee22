import { OnestopSimError } from '../shared/simulator.error';
import { parseScript } from './script.model';

describe('parseScript', () => {
  it('accepts bodies, raw bodies, repeated message ids, delays and property overrides', () => {
    const script = [
      { type: 'onestop.dossier.received', body: { dossierCode: 'X-1' }, messageId: 'dup-1' },
      { type: 'onestop.dossier.received', body: { dossierCode: 'X-1' }, messageId: 'dup-1', delayMs: 10 },
      { type: 'onestop.dossier.appraised', rawBody: '{not json', properties: { headers: { 'x-schema-version': 2 }, appId: null } },
    ];
    expect(parseScript(script)).toEqual(script);
  });

  it('lists every problem by entry and field, with a stable code', () => {
    const attempt = (): unknown =>
      parseScript([
        { type: '', body: {} },
        { type: 'a.b', body: {}, rawBody: 'x' },
        { type: 'a.b', body: {}, delayMs: -1, messageId: 7, properties: { userId: 'guest' }, extra: true },
        'nope',
      ]);
    expect(attempt).toThrow(OnestopSimError);
    try {
      attempt();
    } catch (error) {
      const e = error as OnestopSimError;
      expect(e.code).toBe('SIM_ONESTOP.SCRIPT_INVALID');
      expect(e.problems.map((p) => p.field)).toEqual([
        '0.type',
        '1.body',
        '2.extra',
        '2.messageId',
        '2.delayMs',
        '2.properties.userId',
        '3.',
      ]);
    }
  });

  it('refuses a script that is not an array', () => {
    expect(() => parseScript({ type: 'a' })).toThrow('SIM_ONESTOP.SCRIPT_INVALID');
  });
});
