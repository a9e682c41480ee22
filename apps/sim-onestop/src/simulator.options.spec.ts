import { EXCHANGE } from '@lienthong/contracts';
import { applyBehaviour, DEFAULT_BEHAVIOUR, resolveOptions } from './simulator.options';

describe('resolveOptions', () => {
  it('has working defaults: the contract exchange, onestop.inbox, port 3103, 6 dossiers a minute', () => {
    const resolved = resolveOptions({}, {});
    expect(resolved).toMatchObject({
      amqpUrl: 'amqp://guest:guest@127.0.0.1:5672',
      exchange: EXCHANGE,
      queue: 'onestop.inbox',
      queueType: 'classic',
      prefetch: 20,
      port: 3103,
      host: '127.0.0.1',
      behaviour: DEFAULT_BEHAVIOUR,
    });
    expect(DEFAULT_BEHAVIOUR).toMatchObject({
      ratePerMinute: 6,
      appraisalMs: 300,
      supplementP: 0.1,
      rejectP: 0.05,
      withdrawP: 0.02,
      nfdP: 0.1,
    });
  });

  it('reads the environment, options taking precedence', () => {
    const env = {
      ONESTOP_SIM_RATE: '0.5',
      ONESTOP_SIM_APPRAISAL_MS: '50',
      ONESTOP_SIM_SEED: '7',
      ONESTOP_SIM_PORT: '0',
      AMQP_QUEUE_TYPE: 'quorum',
    };
    const resolved = resolveOptions({ behaviour: { appraisalMs: 5 } }, env);
    expect(resolved.behaviour).toMatchObject({ ratePerMinute: 0.5, appraisalMs: 5 });
    expect(resolved).toMatchObject({ seed: 7, port: 0, queueType: 'quorum' });
  });

  it('names the variable and what it accepts when one is wrong', () => {
    expect(() => resolveOptions({}, { ONESTOP_SIM_REJECT_P: '1.5' })).toThrow(
      'ONESTOP_SIM_REJECT_P must be a number from 0 to 1, got "1.5"',
    );
    expect(() => resolveOptions({}, { ONESTOP_SIM_APPRAISAL_MS: '2.5' })).toThrow(
      'ONESTOP_SIM_APPRAISAL_MS must be a duration in milliseconds (digits only, no unit) from 0 to 3600000, got "2.5"',
    );
    expect(() => resolveOptions({}, { AMQP_QUEUE_TYPE: 'stream' })).toThrow('AMQP_QUEUE_TYPE must be "classic" or "quorum"');
    expect(() => resolveOptions({}, { ONESTOP_SIM_SUPPLEMENT_P: '0.7', ONESTOP_SIM_REJECT_P: '0.5' })).toThrow(
      'supplementP + rejectP must not exceed 1',
    );
  });
});

describe('applyBehaviour', () => {
  it('changes only the given settings', () => {
    const { behaviour, problems } = applyBehaviour(DEFAULT_BEHAVIOUR, { rejectP: 0, stepMs: 10 });
    expect(problems).toEqual([]);
    expect(behaviour).toEqual({ ...DEFAULT_BEHAVIOUR, rejectP: 0, stepMs: 10 });
  });

  it('reports unknown settings and values out of range', () => {
    expect(applyBehaviour(DEFAULT_BEHAVIOUR, { rate: 3, withdrawP: -1, appraisalMs: '5' }).problems.map((p) => p.field)).toEqual([
      'rate',
      'withdrawP',
      'appraisalMs',
    ]);
    expect(applyBehaviour(DEFAULT_BEHAVIOUR, [1]).problems).toEqual([
      { field: 'body', problem: expect.stringContaining('must be an object') },
    ]);
  });
});
