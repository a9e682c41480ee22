import { classify, knownQueues, vhostOf } from './queue.monitor';

describe('queue naming', () => {
  it('tells service queues from retry queues', () => {
    expect(classify('lienthong.orchestrator')).toEqual({ name: 'lienthong.orchestrator', service: 'orchestrator', kind: 'service' });
    expect(classify('lienthong.postal-adapter.retry.2.5s')).toEqual({
      name: 'lienthong.postal-adapter.retry.2.5s',
      service: 'postal-adapter',
      kind: 'retry',
    });
    expect(classify('onestop.inbox')).toEqual({ name: 'onestop.inbox', kind: 'other' });
  });

  it('reads the virtual host of the first AMQP URL', () => {
    expect(vhostOf('amqp://guest:guest@127.0.0.1:5672')).toBe('/');
    expect(vhostOf('amqp://u:p@h:5672/lienthong-test,amqp://u:p@h2:5672/lienthong-test')).toBe('lienthong-test');
    expect(vhostOf('amqp://h/%2Fprod')).toBe('/prod');
  });

  it('checks announced queues, or the default names for services never heard of', () => {
    const announced = new Map([['orchestrator', ['lienthong.orchestrator', 'lienthong.orchestrator.retry.1.100ms']]]);
    expect(knownQueues(['orchestrator', 'console'], announced)).toEqual([
      'lienthong.orchestrator',
      'lienthong.orchestrator.retry.1.100ms',
      'lienthong.console',
      'lienthong.console.retry.1.1s',
      'lienthong.console.retry.2.5s',
      'lienthong.console.retry.3.30s',
      'lienthong.console.retry.4.2m',
      'lienthong.console.retry.5.10m',
    ]);
  });
});
