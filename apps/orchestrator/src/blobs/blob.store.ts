import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A stored document: what a message's `file` reference needs. */
export interface StoredBlob {
  readonly url: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly contentType: string;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Documents the bus itself produces or must hold (claim check), kept under `BLOB_DIR` by their sha256 and served
 * at `<PUBLIC_BASE_URL>/blobs/<sha256>`. Content-addressed, so writing the same bytes twice is harmless.
 */
@Injectable()
export class BlobStore {
  readonly dir = resolve(process.env.BLOB_DIR ?? './data/blobs');
  private readonly baseUrl = (process.env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${process.env.HTTP_PORT ?? 3001}`).replace(/\/$/, '');

  put(content: Buffer, contentType: string): StoredBlob {
    const sha256 = createHash('sha256').update(content).digest('hex');
    const path = join(this.dir, sha256);
    if (!existsSync(path)) {
      mkdirSync(this.dir, { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, content);
      renameSync(tmp, path); // atomic: a reader never sees half a file
      writeFileSync(`${path}.type`, contentType);
    }
    return { url: `${this.baseUrl}/blobs/${sha256}`, sha256, sizeBytes: content.length, contentType };
  }

  /** The bytes and content type of a stored blob, or undefined. */
  get(sha256: string): { content: Buffer; contentType: string } | undefined {
    if (!SHA256.test(sha256)) return undefined;
    const path = join(this.dir, sha256);
    if (!existsSync(path)) return undefined;
    const contentType = existsSync(`${path}.type`) ? readFileSync(`${path}.type`, 'utf8') : 'application/octet-stream';
    return { content: readFileSync(path), contentType };
  }
}
