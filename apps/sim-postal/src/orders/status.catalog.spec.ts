import { STATUS_NAMES, isCancellable, isFinal, nextStatus } from './status.catalog';

function walk(fails: boolean): number[] {
  const path = [1];
  for (let next = nextStatus(1, () => fails); next !== undefined; next = nextStatus(next, () => fails)) path.push(next);
  return path;
}

describe('status catalog', () => {
  it('walks the happy path to delivered and completed', () => {
    expect(walk(false)).toEqual([1, 2, 4, 6, 7, 10, 11, 12, 14, 19]);
  });

  it('walks the failure path 12 → 15 → 20', () => {
    expect(walk(true)).toEqual([1, 2, 4, 6, 7, 10, 11, 12, 15, 20]);
  });

  it('asks about the delivery outcome only when leaving 12', () => {
    const asked: number[] = [];
    for (const status of [1, 2, 4, 6, 7, 10, 11, 12, 14, 15]) nextStatus(status, () => (asked.push(status), false));
    expect(asked).toEqual([12]);
  });

  it('allows cancellation only at 1, 2 and 4; 19, 20 and 22 are final', () => {
    expect([1, 2, 4, 6, 12, 14, 22].filter(isCancellable)).toEqual([1, 2, 4]);
    expect([14, 15, 19, 20, 22].filter(isFinal)).toEqual([19, 20, 22]);
    expect(nextStatus(22, () => false)).toBeUndefined();
  });

  it('names delivered "Phát thành công"', () => {
    expect(STATUS_NAMES[14]).toBe('Phát thành công');
  });
});
