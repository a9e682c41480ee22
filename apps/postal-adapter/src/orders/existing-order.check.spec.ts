import { samplePostalOrderRequested } from '@lienthong/contracts';
import type { PostalOrderRequest } from '../postal/postal.port';
import { OrderNumberTaken, orderDifferences } from './existing-order.check';

describe('an order the operator already had (409 ORDER_EXISTS)', () => {
  const meant: PostalOrderRequest = {
    ...samplePostalOrderRequested(),
    receiver: {
      name: 'Văn thư Sở Kế hoạch và Đầu tư',
      phone: '02053812001',
      line: 'Số 1 đường Đinh Tiên Hoàng',
      ward: 'Phường Đông Kinh',
      province: 'Lạng Sơn',
      provinceCode: '20',
    },
  };
  const shown = { serviceCode: meant.serviceCode, receiver: { ...meant.receiver }, parcel: { ...meant.parcel }, codAmount: 0 };

  it('is the order meant when what the operator shows matches, whatever the normalization, spacing, case or phone prefix', () => {
    expect(orderDifferences(meant, shown)).toEqual([]);
    const nfd = {
      ...shown,
      receiver: { ...shown.receiver, name: `  ${meant.receiver.name.normalize('NFD').toUpperCase()} `, phone: '+842053812001' },
    };
    expect(orderDifferences(meant, nfd)).toEqual([]);
    // Fields the operator does not show are not compared.
    expect(orderDifferences(meant, { receiver: { name: meant.receiver.name } })).toEqual([]);
  });

  it('names every field that differs: another receiver, another service, other contents', () => {
    const stranger = {
      ...shown,
      serviceCode: 'BCCI-LT',
      receiver: { ...shown.receiver, name: 'Văn thư Sở Xây dựng' },
      parcel: { ...shown.parcel, contentNote: 'Hồ sơ lưu trữ lô SXD-260101-001' },
    };
    expect(orderDifferences(meant, stranger)).toEqual([
      `serviceCode: the operator's order has "BCCI-LT", this one "BCCI-KQ"`,
      `receiver.name: the operator's order has "Văn thư Sở Xây dựng", this one "Văn thư Sở Kế hoạch và Đầu tư"`,
      `parcel.contentNote: the operator's order has "Hồ sơ lưu trữ lô SXD-260101-001", this one ${JSON.stringify(meant.parcel.contentNote)}`,
    ]);
  });

  it('cannot recognise an order whose answer shows nothing to compare', () => {
    expect(orderDifferences(meant, {})).toEqual([expect.stringContaining('cannot be recognised')]);
  });

  it('fails permanently with a code and a message that says what to do', () => {
    const error = new OrderNumberTaken('LT-SXD-260101-001', 'EJ000000019VN', 14, ['receiver.name: …']);
    expect(error.code).toBe('POSTAL.ORDER_NUMBER_TAKEN');
    expect(error.message).toMatch(/already taken .*\(EJ000000019VN, status 14\).*receiver\.name.*POSTAL_CLIENT_ID.*replay/);
  });
});
