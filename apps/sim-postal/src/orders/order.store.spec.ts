import { createSeededRandom } from '../shared/seeded.random';
import { CreateOrderRequest, TrackingEntry } from './order.model';
import { OrderStore } from './order.store';
import { TrackingCodeGenerator } from './tracking-code.generator';

const request = (orderNumber: string): CreateOrderRequest => ({
  orderNumber,
  serviceCode: 'BCCI-KQ',
  sender: { name: 'Trung tâm', phone: '0205', line: 'Số 1', province: 'Lạng Sơn' },
  receiver: { name: 'Nguyễn Văn A', phone: '0912', line: 'Số 2', province: 'Lạng Sơn' },
  parcel: { itemCount: 1, weightGrams: 300 },
  codAmount: 0,
});

function store(fails = false): { orders: OrderStore; seen: TrackingEntry[] } {
  const seen: TrackingEntry[] = [];
  const orders = new OrderStore({
    trackingCodes: new TrackingCodeGenerator(createSeededRandom(1)),
    deliveryFails: () => fails,
    now: () => Date.UTC(2024, 0, 1, 1, 0, 0), // a frozen clock: 08:00:00 in Vietnam
  });
  orders.onStatus((_order, entry) => seen.push(entry));
  return { orders, seen };
}

describe('OrderStore', () => {
  it('creates at status 1 once and returns the stored order on a repeat', () => {
    const { orders } = store();
    const first = orders.create(request('KQ-1'));
    const again = orders.create({ ...request('KQ-1'), note: 'retry' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ created: false, order: first.order });
  });

  it('holds a seeded order at its status with a minute per step, telling nobody, and moves it on only from there', () => {
    const { orders, seen } = store();
    const seeded = orders.seed(request('LT-1'), 14, Date.UTC(2024, 0, 1, 0, 0, 0));
    expect(seeded.outcome).toBe('seeded');
    const order = orders.find('LT-1')!;
    expect(order.history.map((e) => e.statusCode)).toEqual([1, 2, 4, 6, 7, 10, 11, 12, 14]);
    expect([order.history[0].occurredAt, order.history.at(-1)!.occurredAt]).toEqual(['01/01/2024 06:52:00', '01/01/2024 07:00:00']);
    expect(seen).toEqual([]);
    expect(orders.seed(request('LT-1'), 1, 0).outcome).toBe('exists');
    expect(orders.seed(request('LT-2'), 3, 0).outcome).toBe('unreachable');
    expect(orders.seed(request('LT-3'), 22, 0)).toMatchObject({ order: { status: 22 } });
    orders.advance('LT-1');
    expect(seen.map((e) => e.statusCode)).toEqual([19]);
  });

  it('keeps occurredAt strictly increasing per order even when the clock does not move', () => {
    const { orders, seen } = store();
    orders.create(request('KQ-1'));
    orders.advance('KQ-1');
    orders.advance('KQ-1');
    expect(seen.map((e) => e.occurredAt)).toEqual(['01/01/2024 08:00:00', '01/01/2024 08:00:01', '01/01/2024 08:00:02']);
  });

  it('cancels at 1, 2, 4 only and never moves a final status', () => {
    const { orders } = store();
    orders.create(request('KQ-1'));
    expect(orders.cancel('KQ-1').outcome).toBe('cancelled');
    expect(orders.cancel('KQ-1').outcome).toBe('not-cancellable');
    expect(orders.advance('KQ-1').outcome).toBe('final');
    orders.create(request('KQ-2'));
    for (let i = 0; i < 3; i += 1) orders.advance('KQ-2'); // 1 → 2 → 4 → 6
    expect(orders.cancel('KQ-2').outcome).toBe('not-cancellable');
    expect(orders.cancel('nope').outcome).toBe('not-found');
  });

  it('ends a failed delivery at 20 with status, statusName and history in step', () => {
    const { orders } = store(true);
    orders.create(request('KQ-1'));
    while (orders.advance('KQ-1').outcome === 'advanced');
    const order = orders.find('KQ-1')!;
    expect(order.history.map((e) => e.statusCode).slice(-3)).toEqual([12, 15, 20]);
    expect([order.status, order.statusName]).toEqual([20, order.history.at(-1)!.statusName]);
  });

  it('hands out copies that cannot change the stored order', () => {
    const { orders } = store();
    orders.create(request('KQ-1'));
    orders.find('KQ-1')!.status = 14;
    expect(orders.find('KQ-1')!.status).toBe(1);
  });
});
