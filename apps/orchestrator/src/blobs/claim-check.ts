import { Injectable } from '@nestjs/common';
import { type FileReference, fetchVerified } from '@lienthong/runtime';
import { OrchestratorBlobs } from './blob.store';

const LIMITS = { timeoutMs: Number(process.env.DOCUMENT_FETCH_TIMEOUT_MS ?? 15_000), maxBytes: Number(process.env.MAX_DOCUMENT_BYTES ?? 50 * 1024 * 1024) };

/**
 * Claim check: a document the bus must forward (the draft to sign, the scanned decision to number) is fetched once
 * from the URL the one-stop system gave, checked against its sha256 and size, and kept under BLOB_DIR; from then on
 * messages carry the bus's own reference. A mismatch rejects the one-stop message itself, naming the field.
 */
@Injectable()
export class ClaimCheck {
  constructor(private readonly blobs: OrchestratorBlobs) {}

  async keep<T extends FileReference>(file: T, field: string, name: string): Promise<T> {
    const existing = this.blobs.get(file.sha256.toLowerCase());
    if (existing && existing.sizeBytes === file.sizeBytes) return { ...file, ...this.blobs.reference(existing.sha256, existing.sizeBytes, file.contentType) };
    const content = await fetchVerified(file, field, LIMITS);
    return { ...file, ...this.blobs.publish(content, file.contentType, name) };
  }
}
