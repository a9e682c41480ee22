import { childTraceparent } from './trace-context';

describe('trace context', () => {
  it('keeps the trace id and flags and makes a new span id', () => {
    const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const child = childTraceparent(parent);
    expect(child).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(child).not.toBe(parent);
  });

  it.each([undefined, 'garbage', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'])('starts a new trace for %p', (parent) => {
    expect(childTraceparent(parent)).toMatch(/^00-(?!0{32})[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('never repeats a span id, across refills of its random pool', () => {
    const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const spans = new Set(Array.from({ length: 2000 }, () => childTraceparent(parent).split('-')[2]));
    expect(spans.size).toBe(2000);
  });
});
