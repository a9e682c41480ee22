import { RejectionBudget } from './rejection-budget';

describe('RejectionBudget', () => {
  it('records so many refusals per source a minute, says once when a source goes over, and starts again next minute', () => {
    const budget = new RejectionBudget(3, 100);
    for (let i = 0; i < 3; i++) expect(budget.take('203.0.113.7', i)).toEqual({ record: true });
    expect(budget.take('203.0.113.7', 10)).toEqual({ record: false, firstOver: true, scope: 'source' });
    expect(budget.take('203.0.113.7', 20)).toEqual({ record: false, firstOver: false, scope: 'source' });
    expect(budget.take('198.51.100.1', 20)).toEqual({ record: true });
    expect(budget.take('203.0.113.7', 60_000)).toEqual({ record: true });
  });

  it('caps all sources together, so many addresses cannot fill the table either', () => {
    const budget = new RejectionBudget(10, 5);
    for (let i = 0; i < 5; i++) expect(budget.take(`2001:db8::${i}`, 0).record).toBe(true);
    expect(budget.take('2001:db8::99', 1)).toEqual({ record: false, firstOver: true, scope: 'total' });
    expect(budget.take('2001:db8::98', 1)).toEqual({ record: false, firstOver: false, scope: 'total' });
  });

  it('forgets the least recently seen sources beyond its bound', () => {
    const budget = new RejectionBudget(1, 1000, 60_000, 2);
    budget.take('a', 0);
    budget.take('b', 0);
    budget.take('c', 0);
    expect(budget.take('a', 1).record).toBe(true); // forgotten, so counted afresh
    expect(budget.take('c', 1).record).toBe(false);
  });
});
