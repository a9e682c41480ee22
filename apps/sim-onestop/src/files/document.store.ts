import { createHash } from 'node:crypto';
import type { FileRef } from '@lienthong/contracts';

/** Where generated documents go: stores the bytes and returns the reference a message carries. */
export interface FileSink {
  put(name: string, bytes: Buffer, contentType: string): FileRef;
}

/** A stored document. */
export interface StoredFile {
  readonly bytes: Buffer;
  readonly contentType: string;
  readonly sha256: string;
}

/**
 * The documents the simulator's messages reference, served at `<baseUrl>/files/<id>`. The id is the
 * given name plus the first 12 hex digits of the content's sha256, so a reference never points at other
 * bytes than the ones it was made for, even when a dossier code is submitted twice.
 */
export class DocumentStore implements FileSink {
  private readonly files = new Map<string, StoredFile>();

  constructor(private baseUrl: string) {}

  /** Sets the public base URL (known only once the HTTP server listens, when the port was 0). */
  setBaseUrl(baseUrl: string): void {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  put(name: string, bytes: Buffer, contentType: string): FileRef {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const dot = name.lastIndexOf('.');
    const id = dot > 0 ? `${name.slice(0, dot)}-${sha256.slice(0, 12)}${name.slice(dot)}` : `${name}-${sha256.slice(0, 12)}`;
    this.files.set(id, { bytes, contentType, sha256 });
    return { url: `${this.baseUrl}/files/${encodeURIComponent(id)}`, sha256, sizeBytes: bytes.length, contentType };
  }

  get(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  get size(): number {
    return this.files.size;
  }
}
