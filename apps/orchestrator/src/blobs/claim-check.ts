import { Injectable } from '@nestjs/common';
import { ORCHESTRATOR_ENV } from '@lienthong/config';
import { ContractViolation } from '@lienthong/messaging';
import { DocumentHosts, type FetchPolicy, type FileReference, fetchVerifiedToFile } from '@lienthong/runtime';
import type { DossierFactsRecord } from '../dossiers/dossier.repository';
import { FILE_NAMES } from '../lifecycle/file-names';
import { OrchestratorBlobs } from './blob.store';

/**
 * Claim check: a document the bus must forward (the draft to sign, the scanned decision to number) is fetched once
 * from the URL the one-stop system gave, streamed to BLOB_DIR and checked against its sha256 and size on the way
 * (at most `MAX_DOCUMENT_BYTES`: a larger reference is refused naming the field and the limit); from then on
 * messages carry the bus's own reference. A mismatch rejects the one-stop message itself, naming the field.
 *
 * Documents come only from `DOCUMENT_HOSTS`, without redirects, never from an internal address a name merely
 * resolves to (see `fetchVerified`); and only for an event the dossier's lifecycle accepts (the caller,
 * `LifecycleService.apply`, asks after the transition table said yes), so a message for a dossier in the wrong
 * stage makes the bus fetch nothing.
 */
@Injectable()
export class ClaimCheck {
  private readonly policy: FetchPolicy;

  constructor(private readonly blobs: OrchestratorBlobs) {
    this.policy = {
      hosts: DocumentHosts.fromEnv(),
      timeoutMs: ORCHESTRATOR_ENV.DOCUMENT_FETCH_TIMEOUT_MS.read(),
      maxBytes: ORCHESTRATOR_ENV.MAX_DOCUMENT_BYTES.read(),
      maxBytesName: 'MAX_DOCUMENT_BYTES',
    };
  }

  /** The event with the documents it brings (draft, scanned paper decision) fetched, verified and replaced by the bus's references. */
  async keepDocuments<E extends { readonly dossierCode: string; readonly facts?: DossierFactsRecord }>(event: E): Promise<E> {
    const facts = event.facts;
    if (!facts?.draftDecision && !facts?.paperDecision) return event;
    const kept = { ...facts };
    if (facts.draftDecision)
      kept.draftDecision = {
        ...facts.draftDecision,
        file: await this.keep(facts.draftDecision.file, 'draftDecision.file', FILE_NAMES.draft(event.dossierCode)),
      };
    if (facts.paperDecision)
      kept.paperDecision = {
        ...facts.paperDecision,
        file: await this.keep(facts.paperDecision.file, 'decision.file', FILE_NAMES.paperDecision(event.dossierCode)),
      };
    return { ...event, facts: kept };
  }

  async keep<T extends FileReference>(file: T, field: string, name: string): Promise<T> {
    let url: URL | undefined;
    try {
      url = new URL(file.url);
    } catch {
      url = undefined;
    }
    // The host is checked before the stored copy is looked at: a known digest must not make an unlisted URL acceptable.
    if (!url || !this.policy.hosts!.grant(url)) {
      throw new ContractViolation([
        { field: `${field}.url`, problem: `names host ${url?.host ?? '(none)'}, which is not an allowed document host (DOCUMENT_HOSTS)` },
      ]);
    }
    const existing = this.blobs.get(file.sha256.toLowerCase());
    if (existing && existing.sizeBytes === file.sizeBytes)
      return { ...file, ...this.blobs.reference(existing.sha256, existing.sizeBytes, file.contentType) };
    // Streamed to BLOB_DIR and hashed on the way: a 20 MB scan is never held in memory.
    const sha256 = file.sha256.toLowerCase();
    const stored = await this.blobs.putWritten(sha256, file.contentType, name, (path) =>
      fetchVerifiedToFile(file, field, this.policy, path),
    );
    return { ...file, ...this.blobs.reference(stored.sha256, stored.sizeBytes, file.contentType) };
  }
}
