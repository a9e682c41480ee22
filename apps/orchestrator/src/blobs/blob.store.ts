import { resolve } from 'node:path';
import { ORCHESTRATOR_ENV, SHARED_ENV } from '@lienthong/config';
import { BlobStore } from '@lienthong/runtime';

/** A stored document: what a message's `file` reference needs. */
export interface StoredBlob {
  readonly url: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly contentType: string;
}

/**
 * The documents the orchestrator produces (handover manifests), kept under `BLOB_DIR` by their sha256 and
 * served at `<PUBLIC_BASE_URL>/blobs/<sha256>` by the shared BlobController.
 */
export class OrchestratorBlobs extends BlobStore {
  private readonly baseUrl = SHARED_ENV.PUBLIC_BASE_URL.read() ?? `http://127.0.0.1:${ORCHESTRATOR_ENV.HTTP_PORT.read()}`;

  constructor() {
    super(resolve(SHARED_ENV.BLOB_DIR.read()));
  }

  /** Stores the bytes and returns the file reference messages carry. */
  publish(content: Buffer, contentType: string, name: string): StoredBlob {
    const { sha256, sizeBytes } = this.put(content, contentType, name);
    return this.reference(sha256, sizeBytes, contentType);
  }

  /** The reference to a blob already stored. */
  reference(sha256: string, sizeBytes: number, contentType: string): StoredBlob {
    return { url: `${this.baseUrl}/blobs/${sha256}`, sha256, sizeBytes, contentType };
  }
}
