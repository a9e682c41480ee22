import { validateCreateOrder } from './order.validator';

const address = { name: 'Nguyễn Văn A', phone: '0912345678', line: 'Số 1 Lê Lợi', province: 'Lạng Sơn' };
const valid = () => ({
  orderNumber: 'KQ-000.00.12.H36-240101-0001',
  serviceCode: 'BCCI-KQ',
  sender: { ...address, ward: 'Phường Chi Lăng', provinceCode: '20' },
  receiver: { ...address },
  parcel: { itemCount: 1, weightGrams: 300 },
});

const fields = (body: unknown): string[] => {
  const result = validateCreateOrder(body);
  return result.ok ? [] : result.errors.map((e) => e.field);
};

describe('validateCreateOrder', () => {
  it('accepts the contract minimum (ward, provinceCode, codAmount, note optional) and defaults codAmount to 0', () => {
    const result = validateCreateOrder(valid());
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ codAmount: 0, receiver: address }) });
  });

  it('names every missing required field by its dotted path', () => {
    expect(fields({ sender: {}, parcel: {} })).toEqual([
      'orderNumber',
      'serviceCode',
      'sender.name',
      'sender.phone',
      'sender.line',
      'sender.province',
      'receiver',
      'parcel.itemCount',
      'parcel.weightGrams',
    ]);
  });

  it.each([
    ['serviceCode', { serviceCode: 'EMS' }, 'serviceCode'],
    ['a zero weight', { parcel: { itemCount: 1, weightGrams: 0 } }, 'parcel.weightGrams'],
    ['a fractional item count', { parcel: { itemCount: 1.5, weightGrams: 10 } }, 'parcel.itemCount'],
    ['a count sent as a string', { parcel: { itemCount: '1', weightGrams: 10 } }, 'parcel.itemCount'],
    ['a negative COD amount', { codAmount: -1 }, 'codAmount'],
    ['a fractional COD amount', { codAmount: 10.5 }, 'codAmount'],
    ['an empty receiver name', { receiver: { ...address, name: '  ' } }, 'receiver.name'],
    ['a numeric ward', { receiver: { ...address, ward: 7 } }, 'receiver.ward'],
    ['a non-object sender', { sender: 'Trung tâm' }, 'sender'],
  ])('rejects %s', (_label, patch, field) => {
    expect(fields({ ...valid(), ...patch })).toEqual([field]);
  });

  it('rejects a body that is not an object', () => {
    expect(fields([1])).toEqual(['body']);
    expect(fields(undefined)).toEqual(['body']);
  });

  it('accepts each service code and a COD amount of 0', () => {
    for (const serviceCode of ['BCCI-KQ', 'BCCI-LT', 'BCCI-HS']) {
      expect(validateCreateOrder({ ...valid(), serviceCode, codAmount: 0 }).ok).toBe(true);
    }
  });
});
