import { Injectable } from '@nestjs/common';
import type { MessageBody } from '@lienthong/contracts';
import { PermanentFailure } from '@lienthong/messaging';
import type { Queryable } from '@lienthong/persistence';
import { VerdictSeal } from '@lienthong/runtime';
import { ArchiveBatches } from '../archive/archive.batches';
import { DossierRepository } from '../dossiers/dossier.repository';

type DmsAnswer = MessageBody<'dms.status-received'> | MessageBody<'dms.decision-received'>;

/**
 * What the orchestrator checks before it lets a department's answer touch a dossier or a batch:
 * - a numbered decision carries the iOffice adapter's seal over its verdict (`verdictSeal`, `VERDICT_SEAL_KEY`),
 *   so `signature.verified` and the other verification facts are the adapter's, not whoever published or edited
 *   the message;
 * - the answer comes from the dossier's (or the batch's) own department: a status or a decision naming another
 *   `agencyCode` is never applied.
 * Either failure is a dead letter with its reason (not a rejection announced to the one-stop system: the producer is
 * the bus itself, or someone impersonating it).
 */
@Injectable()
export class DmsTrust {
  /** Read at start-up, so that a production orchestrator without `VERDICT_SEAL_KEY` does not start. */
  private readonly seal = VerdictSeal.fromEnv();

  constructor(
    private readonly dossiers: DossierRepository,
    private readonly batches: ArchiveBatches,
  ) {}

  async check(tx: Queryable, type: 'dms.status-received' | 'dms.decision-received', body: DmsAnswer): Promise<void> {
    const about = body.batchId ? `batch ${body.batchId}` : `dossier ${body.dossierCode ?? '(none)'}`;
    if (type === 'dms.decision-received' && !this.seal.check(body as MessageBody<'dms.decision-received'>)) {
      throw new PermanentFailure(
        'DMS.VERDICT_SEAL_INVALID',
        `numbered decision ${body.docId} for ${about} not accepted: its verdictSeal does not match its verification fields (signature.verified, signer, file digest, number, package); ` +
          'it was not sealed by the iOffice adapter, or was changed since (check that VERDICT_SEAL_KEY is the same in the adapter and the orchestrator)',
      );
    }
    const owner = body.batchId
      ? (await this.batches.get(tx, body.batchId))?.agencyCode
      : body.dossierCode
        ? await this.dossiers.agencyOf(tx, body.dossierCode)
        : undefined;
    if (owner !== undefined && owner !== body.agencyCode) {
      throw new PermanentFailure(
        'DMS.WRONG_DEPARTMENT',
        `${type} ${body.docId} names department ${body.agencyCode} (agencyCode), but ${about} belongs to ${owner}: not applied`,
      );
    }
  }
}
