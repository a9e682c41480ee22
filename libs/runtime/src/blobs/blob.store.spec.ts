import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobStore } from './blob.store';

describe('BlobStore.putWritten (a download streamed to disk)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-store-'));
  const store = new BlobStore(join(dir, 'blobs'));
  const content = Buffer.from('%PDF-1.4 bản quét hồ sơ');
  const sha256 = createHash('sha256').update(content).digest('hex');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps what was written under its digest, with its type and name, once the writer succeeded', async () => {
    const info = await store.putWritten(sha256, 'application/pdf', 'Bản quét.pdf', async (path) => writeFileSync(path, content));
    expect(info).toMatchObject({ sha256, sizeBytes: content.length, contentType: 'application/pdf', name: 'Bản quét.pdf' });
    expect(readFileSync(store.get(sha256)!.path).equals(content)).toBe(true);
  });

  it('removes the partial file when the writer fails, and passes its error on', async () => {
    const other = 'b'.repeat(64);
    await expect(
      store.putWritten(other, 'application/pdf', 'x.pdf', async (path) => {
        writeFileSync(path, 'half');
        throw new Error('the size does not match');
      }),
    ).rejects.toThrow('the size does not match');
    expect(store.get(other)).toBeUndefined();
    expect(readdirSync(store.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a digest that is not lowercase hex before writing anything', async () => {
    await expect(store.putWritten('../escape', 'application/pdf', 'x', async () => undefined)).rejects.toThrow(
      'not a lowercase hex SHA-256',
    );
  });
});
