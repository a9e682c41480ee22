import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
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
