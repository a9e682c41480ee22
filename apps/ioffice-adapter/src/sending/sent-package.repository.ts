import { Injectable } from '@nestjs/common';
import type { DmsPurpose } from '@lienthong/contracts';
import type { Queryable } from '@lienthong/persistence';

/** A package iOffice accepted from the bus. */
export interface SentPackage {
  readonly documentId: string;
  readonly docId: string;
  readonly agencyCode: string;
  readonly toOrganId: string;
  readonly purpose: DmsPurpose;
  readonly dossierCode?: string;
  readonly batchId?: string;
  /** As published in `dms.package-sent` (ISO 8601, +07:00). */
  readonly sentAt: string;
}

interface Row {
  document_id: string;
  doc_id: string;
  agency_code: string;
  to_organ_id: string;
  purpose: DmsPurpose;
  dossier_code: string | null;
  batch_id: string | null;
  sent_at: string;
}

/** The sent-packages table (`ioffice_sent_packages`), in the caller's transaction. */
@Injectable()
export class SentPackageRepository {
  async find(q: Queryable, documentId: string): Promise<SentPackage | undefined> {
    const [row] = await q.query<Row>(
      'SELECT document_id, doc_id, agency_code, to_organ_id, purpose, dossier_code, batch_id, sent_at FROM ioffice_sent_packages WHERE document_id = $1',
      [documentId],
    );
    return (
      row && {
        documentId: row.document_id,
        docId: row.doc_id,
        agencyCode: row.agency_code,
        toOrganId: row.to_organ_id,
        purpose: row.purpose,
        ...(row.dossier_code ? { dossierCode: row.dossier_code } : {}),
        ...(row.batch_id ? { batchId: row.batch_id } : {}),
        sentAt: row.sent_at,
      }
    );
  }

  /** Records a package; a DocumentId already recorded keeps its first docId (returns false). */
  async record(q: Queryable, p: SentPackage): Promise<boolean> {
    const changed = await q.run(
      `INSERT INTO ioffice_sent_packages (document_id, doc_id, agency_code, to_organ_id, purpose, dossier_code, batch_id, sent_at, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (document_id) DO NOTHING`,
      [p.documentId, p.docId, p.agencyCode, p.toOrganId, p.purpose, p.dossierCode ?? null, p.batchId ?? null, p.sentAt, Date.now()],
    );
    return changed === 1;
  }
}
