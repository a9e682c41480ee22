import { readTrackingFields } from './tracking-fields';

const valid = {
  orderNumber: 'KQ-000.00.12.H36-261128-0001',
  trackingCode: 'EJ012345678VN',
  statusCode: 14,
  statusName: 'Phát thành công',
  location: 'Bưu cục Chi Lăng',
  occurredAt: '28/11/2026 14:05:09',
};

describe('readTrackingFields', () => {
  it('reads a valid event, converting occurredAt to ISO +07:00', () => {
    expect(readTrackingFields(valid)).toEqual({
      ok: true,
      value: { ...valid, occurredAt: { iso: '2026-11-28T14:05:09+07:00', ms: Date.UTC(2026, 10, 28, 7, 5, 9) } },
    });
  });

  it("names every bad field, with the operator's field names", () => {
    const check = readTrackingFields({
      ...valid,
      orderNumber: 'KQ 1/2',
      trackingCode: 'EJ1',
      statusCode: 13,
      occurredAt: '2026-11-28 14:05:09',
    });
    expect(check.ok).toBe(false);
    const fields = !check.ok ? check.errors.map((e) => e.field).sort() : [];
    expect(fields).toEqual(['occurredAt', 'orderNumber', 'statusCode', 'trackingCode']);
  });

  it('requires the mandatory fields', () => {
    const check = readTrackingFields({});
    expect(check.ok).toBe(false);
    const fields = !check.ok ? check.errors.map((e) => e.field).sort() : [];
    expect(fields).toEqual(['occurredAt', 'orderNumber', 'statusCode', 'statusName', 'trackingCode']);
  });

  it('takes a status code as a number only', () => {
    expect(readTrackingFields({ ...valid, statusCode: '14' }).ok).toBe(false);
  });
});
