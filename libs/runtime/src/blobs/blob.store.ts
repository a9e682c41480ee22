import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A stored blob's metadata (kept beside it as `<sha256>.json`). */
export interface BlobInfo {
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly contentType: string;
  readonly name: string;
  readonly path: string;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Documents the bus must hold (claim check: messages carry a URL and a digest, not the bytes), stored
 * under `BLOB_DIR` by their SHA-256. Writing the same content again changes nothing; files are written
 * to a temporary name and renamed, so a reader never sees half a file.
 */
export class BlobStore {
  constructor(readonly dir: string) {}

  /** Stores `content`; returns its digest and size. */
  put(content: Buffer, contentType: string, name: string): BlobInfo {
    const sha256 = createHash('sha256').update(content).digest('hex');
    const path = join(this.dir, sha256);
    mkdirSync(this.dir, { recursive: true });
    const existing = this.get(sha256);
    if (existing && existing.sizeBytes === content.length) return existing;
    const temp = (suffix: string): string => `${path}.${process.pid}.${randomBytes(4).toString('hex')}${suffix}`;
    const data = temp('.tmp');
    writeFileSync(data, content);
    renameSync(data, path);
    const meta = temp('.json.tmp');
    writeFileSync(meta, JSON.stringify({ contentType, name }));
    renameSync(meta, `${path}.json`);
    return { sha256, sizeBytes: content.length, contentType, name, path };
  }

  /**
   * Stores a document that `write` writes to a temporary file of the store (a download streamed to disk, checked
   * against `sha256` as it was written): renamed to its digest only once `write` resolved; removed if it failed.
   */
  async putWritten(sha256: string, contentType: string, name: string, write: (path: string) => Promise<void>): Promise<BlobInfo> {
    if (!SHA256.test(sha256)) throw new Error(`not a lowercase hex SHA-256: ${sha256.slice(0, 80)}`);
    const path = join(this.dir, sha256);
    mkdirSync(this.dir, { recursive: true });
    const data = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await write(data);
    } catch (error) {
      rmSync(data, { force: true });
      throw error;
    }
    const { size } = statSync(data);
    renameSync(data, path);
    const meta = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.json.tmp`;
    writeFileSync(meta, JSON.stringify({ contentType, name }));
    renameSync(meta, `${path}.json`);
    return { sha256, sizeBytes: size, contentType, name, path };
  }

  /** The blob with this digest (lowercase hex), or undefined. */
  get(sha256: string): BlobInfo | undefined {
    if (!SHA256.test(sha256)) return undefined;
    const path = join(this.dir, sha256);
    try {
      const { size } = statSync(path);
      const meta = JSON.parse(readFileSync(`${path}.json`, 'utf8')) as { contentType?: string; name?: string };
      return { sha256, sizeBytes: size, contentType: meta.contentType ?? 'application/octet-stream', name: meta.name ?? sha256, path };
    } catch {
      return undefined;
    }
  }
}
