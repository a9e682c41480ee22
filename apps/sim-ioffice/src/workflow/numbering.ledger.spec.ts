import { NumberingLedger } from './numbering.ledger';

describe('NumberingLedger', () => {
  it('numbers per department from 1, in registration order, whatever order the clerk is reached', async () => {
    const ledger = new NumberingLedger();
    const a = ledger.register('SXD');
    const b = ledger.register('SXD');
    const c = ledger.register('STP');
    const numbers = await Promise.all([ledger.number(b, () => 2025), ledger.number(c, () => 2025), ledger.number(a, () => 2025)]);
    expect(numbers.map((n) => n.number)).toEqual([2, 1, 1]);
    expect(ledger.snapshot()).toEqual({ SXD: { '2025': 2 }, STP: { '2025': 1 } });
  });

  it('a released (declined) registration leaves no gap and does not hold up later ones', async () => {
    const ledger = new NumberingLedger();
    const declined = ledger.register('SXD');
    const next = ledger.register('SXD');
    const pending = ledger.number(next, () => 2025);
    ledger.release(declined);
    expect(await pending).toEqual({ number: 1, year: 2025 });
  });

  it('restarts at 1 every calendar year', async () => {
    const ledger = new NumberingLedger();
    await ledger.number(ledger.register('SXD'), () => 2025);
    await ledger.number(ledger.register('SXD'), () => 2025);
    expect(await ledger.number(ledger.register('SXD'), () => 2026)).toEqual({ number: 1, year: 2026 });
  });

  it('refuses to number a ticket twice', async () => {
    const ledger = new NumberingLedger();
    const ticket = ledger.register('SXD');
    await ledger.number(ticket, () => 2025);
    await expect(ledger.number(ticket, () => 2025)).rejects.toThrow('SIM_IOFFICE.TICKET_USED');
  });
});
