import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobDiskCheck, diskCheck } from './blob-disk.check';

describe('blobDiskCheck', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-blobs-'));

  it('is up with the free space when it is above the threshold', async () => {
    const result = await blobDiskCheck(dir, 0);
    expect(result.up).toBe(true);
    expect(result.details).toMatchObject({ dir, minFreeMb: 0 });
    expect(result.details?.freeMb).toBeGreaterThan(0);
  });

  it('is down under the threshold, naming BLOB_DIR and BLOB_DIR_MIN_FREE_MB', async () => {
    const result = await blobDiskCheck(dir, 1024 * 1024 * 1024);
    expect(result.up).toBe(false);
    expect(String(result.details?.error)).toMatch(
      new RegExp(`^only \\d+ MB free for BLOB_DIR ${dir}, under BLOB_DIR_MIN_FREE_MB=1073741824`),
    );
  });

  it('checks the nearest existing directory of a BLOB_DIR not created yet (a Vietnamese name too)', async () => {
    const result = await blobDiskCheck(join(dir, 'tài liệu', 'hồ sơ'.normalize('NFD')), 0);
    expect(result.up).toBe(true);
  });

  it('names what it watches and its threshold variable (the SQLite database check)', async () => {
    const result = await diskCheck(dir, 1024 * 1024 * 1024, {
      what: `the SQLite database ${dir}/bus.db`,
      minVariable: 'DATABASE_MIN_FREE_MB',
      remedy: 'free space on that disk or move DATABASE_URL',
    });
    expect(result.up).toBe(false);
    expect(String(result.details?.error)).toMatch(
      new RegExp(
        `^only \\d+ MB free for the SQLite database ${dir}/bus.db, under DATABASE_MIN_FREE_MB=1073741824; free space on that disk or move DATABASE_URL$`,
      ),
    );
  });
});
