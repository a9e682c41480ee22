import { IDENTIFIER } from '@lienthong/contracts';
import { BATCH_RANDOM_CHARS, batchIdFor, batchOrderNumber, newBatchId, resendOf } from './batch-id';

describe('archive batch ids', () => {
  const at = Date.parse('2026-11-28T09:30:05Z'); // 16:30:05 in Vietnam
  const entropy = Uint8Array.from([0, 1, 10, 31, 32, 255]);

  it.each([
    ['SKHĐT', 'SKHDT'],
    ['SLĐTBXH', 'SLDTBXH'],
    ['SGDĐT', 'SGDDT'],
    ['SVHTTDL', 'SVHTTDL'],
    ['SNN&PTNT', 'SNN-PTNT'],
    ['Sở Kế hoạch và Đầu tư', 'So-Ke-hoach-va-Dau-tu'],
  ])('folds the abbreviation %s to %s and keeps date, time and random part readable', (abbreviation, part) => {
    for (const input of [abbreviation, abbreviation.normalize('NFD')]) {
      const id = batchIdFor({ abbreviation: input, agencyCode: '000.00.20.H36' }, at, entropy);
      expect(id).toBe(`${part}-261128-163005-01AZ0Z`);
      expect(IDENTIFIER.pattern.test(id)).toBe(true);
      expect(IDENTIFIER.pattern.test(batchOrderNumber(id, 12345))).toBe(true);
    }
  });

  it('falls back to the agency code when the abbreviation folds to nothing, and cuts a long one', () => {
    expect(batchIdFor({ abbreviation: '&&', agencyCode: '000.00.20.H36' }, at, entropy)).toBe('000-00-20-H36-261128-163005-01AZ0Z');
    const long = batchIdFor({ abbreviation: `${'Đ'.repeat(39)}&ĐĐĐĐ`, agencyCode: 'X' }, at, entropy);
    expect(long.split('-')[0]).toBe('D'.repeat(39));
    const longest = batchIdFor({ abbreviation: 'Ư'.repeat(300), agencyCode: 'X'.repeat(64) }, at, entropy);
    expect(IDENTIFIER.pattern.test(batchOrderNumber(longest, Number.MAX_SAFE_INTEGER))).toBe(true);
  });

  it('never repeats for a new store: two ids opened in the same second differ, and sort by the time they were opened', () => {
    const department = { abbreviation: 'SXD', agencyCode: '000.00.12.H36' };
    const ids = new Set(Array.from({ length: 2000 }, () => newBatchId(department, at)));
    expect(ids.size).toBe(2000);
    const earlier = newBatchId(department, at);
    const later = newBatchId(department, at + 1000);
    expect(earlier.slice(0, -BATCH_RANDOM_CHARS) < later.slice(0, -BATCH_RANDOM_CHARS)).toBe(true);
    expect(() => batchIdFor(department, at, new Uint8Array(2))).toThrow(/6 random bytes/);
  });

  it('numbers resends after the batch id, even when its random end looks like one', () => {
    const id = 'SXD-261128-163005-R12345';
    expect(batchOrderNumber(id)).toBe('LT-SXD-261128-163005-R12345');
    expect(resendOf(id, batchOrderNumber(id))).toBe(0);
    expect(resendOf(id, batchOrderNumber(id, 2))).toBe(2);
    expect(resendOf(id, 'LT-OTHER-R2')).toBeUndefined();
  });
});
