import { Injectable } from '@nestjs/common';
import type { Queryable } from '@lienthong/persistence';

/** What the bus did with one iOffice docId. */
export interface ReceivedPackage {
  readonly docId: string;
  readonly fromOrganId: string;
  readonly messageType: 'edoc' | 'status';
  readonly outcome: 'published' | 'dead-lettered';
  /** The bus message it became (`published`). */
  readonly publishedType?: string;
  readonly messageId?: string;
  /** Why it was refused (`dead-lettered`), as sent with `UpdateStatus(fail)`. */
  readonly note?: string;
  readonly acknowledgedAt?: number;
}

interface Row {
  doc_id: string;
  from_organ_id: string;
  message_type: 'edoc' | 'status';
  outcome: 'published' | 'dead-lettered';
  published_type: string | null;
  message_id: string | null;
  note: string | null;
  acknowledged_at: number | string | null;
}

/** The processed-docId table (`ioffice_received_packages`). */
@Injectable()
export class ReceivedPackageRepository {
  async find(q: Queryable, docId: string): Promise<ReceivedPackage | undefined> {
    const [row] = await q.query<Row>(
      'SELECT doc_id, from_organ_id, message_type, outcome, published_type, message_id, note, acknowledged_at FROM ioffice_received_packages WHERE doc_id = $1',
      [docId],
    );
    return (
      row && {
        docId: row.doc_id,
        fromOrganId: row.from_organ_id,
        messageType: row.message_type,
        outcome: row.outcome,
        ...(row.published_type ? { publishedType: row.published_type } : {}),
        ...(row.message_id ? { messageId: row.message_id } : {}),
        ...(row.note ? { note: row.note } : {}),
        ...(row.acknowledged_at !== null ? { acknowledgedAt: Number(row.acknowledged_at) } : {}),
      }
    );
  }

  /**
   * Claims a docId for one outcome; false when it was already claimed (by an earlier poll or another
   * instance): then the caller must write nothing else.
   */
  async claim(q: Queryable, p: Omit<ReceivedPackage, 'acknowledgedAt'>): Promise<boolean> {
    const changed = await q.run(
      `INSERT INTO ioffice_received_packages (doc_id, from_organ_id, message_type, outcome, published_type, message_id, note, processed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (doc_id) DO NOTHING`,
      [p.docId, p.fromOrganId, p.messageType, p.outcome, p.publishedType ?? null, p.messageId ?? null, p.note ?? null, Date.now()],
    );
    return changed === 1;
  }

  async setMessageId(q: Queryable, docId: string, messageId: string): Promise<void> {
    await q.run('UPDATE ioffice_received_packages SET message_id = $2 WHERE doc_id = $1', [docId, messageId]);
  }

  async markAcknowledged(q: Queryable, docId: string): Promise<void> {
    await q.run('UPDATE ioffice_received_packages SET acknowledged_at = $2 WHERE doc_id = $1', [docId, Date.now()]);
  }
}
