import { sampleDossierReceived } from '@lienthong/contracts';
import { bodyRecord, changedFields, sha256Of } from './audit.diff';

describe('what the audit trail keeps of a body', () => {
  const before = JSON.stringify({ ...sampleDossierReceived(), receivedAt: '15/04/2026 08:30' });
  const after = JSON.stringify({ ...sampleDossierReceived(), applicant: { ...sampleDossierReceived().applicant, phone: '0987654321' } });

  it('names the fields an edit changed, and keeps none of their values', () => {
    const record = bodyRecord(after, before);
    expect(record).toEqual({ sha256: sha256Of(after), bytes: Buffer.byteLength(after), changed: ['applicant.phone', 'receivedAt'] });
    const text = JSON.stringify(record);
    for (const value of ['0987654321', '0912345678', '15/04/2026', '020190001234', 'Nguyễn Thị Hương']) expect(text).not.toContain(value);
  });

  it('counts bytes of UTF-8, not characters (Vietnamese text)', () => {
    expect(bodyRecord('"Đặng Thị Hồng Đào"').bytes).toBe(Buffer.byteLength('"Đặng Thị Hồng Đào"', 'utf8'));
    expect(bodyRecord('"Đặng"'.normalize('NFD')).bytes).toBeGreaterThan(bodyRecord('"Đặng"').bytes);
  });

  it('lists array positions and added or removed fields; a body that is not JSON is "body"', () => {
    expect(changedFields('{"documents":[{"name":"a"},{"name":"b"}]}', '{"documents":[{"name":"a"},{"name":"c"}],"x":1}')).toEqual([
      'documents[1].name',
      'x',
    ]);
    expect(changedFields('{"a":', '{"a":1}')).toEqual(['body']);
    expect(changedFields('{"a":1}', '{"a":1}')).toEqual([]);
  });

  it('masks a field name that is itself personal data', () => {
    expect(changedFields('{}', '{"0912345678":"gọi lại"}')).toEqual(['•••678']);
  });
});
