import { AsyncMutex } from './async-mutex';

describe('AsyncMutex', () => {
  it('runs holders one at a time in call order, even when one fails', async () => {
    const mutex = new AsyncMutex();
    const events: string[] = [];
    const holder =
      (name: string, fail = false) =>
      async () => {
        events.push(`${name}:start`);
        await Promise.resolve();
        await Promise.resolve();
        events.push(`${name}:end`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([mutex.run(holder('a')), mutex.run(holder('b', true)), mutex.run(holder('c'))]);
    expect(events).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(mutex.idle).toBe(true);
  });

  it('is busy while a holder runs or waits', async () => {
    const mutex = new AsyncMutex();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = mutex.run(() => gate);
    expect(mutex.idle).toBe(false);
    release();
    await held;
    expect(mutex.idle).toBe(true);
  });
});
