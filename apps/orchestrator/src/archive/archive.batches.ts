import { Injectable, Logger } from '@nestjs/common';
import { type Department, Departments } from '@lienthong/config';
import { identifierPart } from '@lienthong/contracts';
import { vietnamTimestamp } from '@lienthong/messaging';
import type { Queryable } from '@lienthong/persistence';
import { OrchestratorBlobs } from '../blobs/blob.store';
import type { DossierRecord } from '../dossiers/dossier.repository';
import type { UnitOfWork } from '../lifecycle/unit-of-work';
import { type Manifest, type ManifestEntry, manifestJson, manifestPdf } from './handover.manifest';

export type BatchState = 'open' | 'dispatching' | 'dispatched' | 'delivered' | 'archived';

export interface Batch {
  readonly batchId: string;
  readonly agencyCode: string;
  readonly state: BatchState;
  readonly dossierCount: number;
  readonly delivered: boolean;
  readonly acknowledged: boolean;
  readonly trackingCode: string | null;
}

interface BatchRow {
  batch_id: string;
  agency_code: string;
  state: BatchState;
  dossier_count: number;
  delivered: number;
  acknowledged: number;
  tracking_code: string | null;
}

/**
 * Archive handover (bàn giao lưu trữ): resolved dossiers are collected per department into batches; a batch is
 * dispatched when it holds `maxBatch` dossiers or at the department's cutoff: one postal order (`BCCI-LT`) to the
 * department's archive address and one `handover-manifest` package (PDF + JSON) to its DMS.
 */
@Injectable()
export class ArchiveBatches {
  private readonly logger = new Logger('ArchiveBatches');

  constructor(
    private readonly departments: Departments,
    private readonly blobs: OrchestratorBlobs,
  ) {}

  /** Puts a dossier into its department's open batch (dispatching the batch when full); returns the batch id. */
  async add(uow: UnitOfWork, dossier: DossierRecord, department: Department): Promise<string> {
    const batch = (await this.openBatch(uow.tx, department.agencyCode)) ?? (await this.create(uow.tx, department));
    const added = await uow.tx.run('INSERT INTO archive_batch_items (batch_id, dossier_code, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [batch.batchId, dossier.dossierCode, Date.now()]);
    if (added === 0) return batch.batchId;
    await uow.tx.run('UPDATE archive_batches SET dossier_count = dossier_count + 1, updated_at = $2 WHERE batch_id = $1', [batch.batchId, Date.now()]);
    if (batch.dossierCount + 1 >= department.archive.maxBatch) await this.dispatch(uow, batch.batchId);
    return batch.batchId;
  }

  /** Dispatches every non-empty open batch of a department (its cutoff time came). Returns how many. */
  async dispatchOpen(uow: UnitOfWork, agencyCode: string): Promise<number> {
    const open = await uow.tx.query<{ batch_id: string }>("SELECT batch_id FROM archive_batches WHERE agency_code = $1 AND state = 'open' AND dossier_count > 0", [agencyCode]);
    for (const { batch_id } of open) await this.dispatch(uow, batch_id);
    return open.length;
  }

  /** Orders the postal pickup and sends the manifest to the department's DMS. */
  async dispatch(uow: UnitOfWork, batchId: string): Promise<void> {
    const batch = await this.get(uow.tx, batchId);
    if (!batch || batch.state !== 'open') return;
    const department = this.departments.get(batch.agencyCode);
    if (!department) throw new Error(`batch ${batchId}: department ${batch.agencyCode} is no longer configured`);
    const manifest = await this.manifest(uow.tx, batch, department);
    const pdf = this.blobs.publish(await manifestPdf(manifest), 'application/pdf', `bien-ban-ban-giao-${batchId}.pdf`);
    const json = this.blobs.publish(manifestJson(manifest), 'application/json', `bien-ban-ban-giao-${batchId}.json`);
    const orderNumber = `LT-${batchId}`;
    await uow.tx.run("UPDATE archive_batches SET state = 'dispatching', order_number = $2, manifest_sha256 = $3, dispatched_at = $4, updated_at = $4 WHERE batch_id = $1", [batchId, orderNumber, pdf.sha256, Date.now()]);
    await this.orderPickup(uow, batchId, department, manifest.dossiers.length, orderNumber);
    await uow.publish(
      'dms.send-requested',
      {
        agencyCode: department.agencyCode,
        purpose: 'handover-manifest',
        batchId,
        dossierCodes: manifest.dossiers.map((d) => d.dossierCode),
        requestedAt: manifest.createdAt,
        subject: `Biên bản bàn giao ${manifest.dossiers.length} hồ sơ lưu trữ, lô ${batchId}`,
        documentType: { type: 'BB', typeName: 'Biên bản' },
        attachments: [
          { name: `bien-ban-ban-giao-${batchId}.pdf`, file: pdf },
          { name: `bien-ban-ban-giao-${batchId}.json`, file: json },
        ],
      },
      batchId,
    );
    this.logger.log(`batch ${batchId} of ${department.abbreviation} dispatched with ${manifest.dossiers.length} dossiers`);
  }

  /**
   * The post brought the batch back (20, returned to sender): the Center sends it again under a new order number
   * (`LT-<batchId>-R<n>`). Its dossiers stay HANDOVER_DISPATCHED; the new order's delivery moves them on.
   */
  async resend(uow: UnitOfWork, batchId: string): Promise<string | undefined> {
    const [row] = await uow.tx.query<{ order_number: string | null; agency_code: string; delivered: number; dossier_count: number }>(
      'SELECT order_number, agency_code, delivered, dossier_count FROM archive_batches WHERE batch_id = $1',
      [batchId],
    );
    if (!row || Number(row.delivered) === 1) return undefined;
    const department = this.departments.get(row.agency_code);
    if (!department) throw new Error(`batch ${batchId}: department ${row.agency_code} is no longer configured`);
    const previous = /-R(\d+)$/.exec(row.order_number ?? '');
    const orderNumber = `LT-${batchId}-R${previous ? Number(previous[1]) + 1 : 1}`;
    await uow.tx.run('UPDATE archive_batches SET order_number = $2, updated_at = $3 WHERE batch_id = $1', [batchId, orderNumber, Date.now()]);
    await this.orderPickup(uow, batchId, department, Number(row.dossier_count), orderNumber);
    this.logger.warn(`batch ${batchId} came back from the post; sent again as ${orderNumber}`);
    return orderNumber;
  }

  /** One BCCI-LT postal order taking the batch from the Center to the department's archive. */
  private async orderPickup(uow: UnitOfWork, batchId: string, department: Department, itemCount: number, orderNumber: string): Promise<void> {
    const center = this.departments.center;
    const archive = department.archive.address;
    await uow.publish(
      'postal.order-requested',
      {
        orderNumber,
        purpose: 'archive-handover',
        batchId,
        serviceCode: 'BCCI-LT',
        sender: { name: center.name, phone: center.address.phone ?? '02053812345', line: center.address.line, ...(center.address.ward ? { ward: center.address.ward } : {}), province: center.address.province, ...(center.address.provinceCode ? { provinceCode: center.address.provinceCode } : {}) },
        receiver: { name: archive.recipient ?? `Văn thư ${department.name}`, phone: archive.phone ?? '02053800000', line: archive.line, ...(archive.ward ? { ward: archive.ward } : {}), province: archive.province, ...(archive.provinceCode ? { provinceCode: archive.provinceCode } : {}) },
        parcel: { itemCount, weightGrams: 300 * itemCount, contentNote: `Hồ sơ lưu trữ lô ${batchId}` },
      },
      batchId,
    );
  }

  async get(q: Queryable, batchId: string): Promise<Batch | undefined> {
    const [row] = await q.query<BatchRow>('SELECT batch_id, agency_code, state, dossier_count, delivered, acknowledged, tracking_code FROM archive_batches WHERE batch_id = $1', [batchId]);
    return row && toBatch(row);
  }

  async dossierCodes(q: Queryable, batchId: string): Promise<string[]> {
    const rows = await q.query<{ dossier_code: string }>('SELECT dossier_code FROM archive_batch_items WHERE batch_id = $1 ORDER BY added_at, dossier_code', [batchId]);
    return rows.map((r) => r.dossier_code);
  }

  /** Records progress of a batch; returns the batch after the change. */
  async update(q: Queryable, batchId: string, change: { state?: BatchState; delivered?: boolean; acknowledged?: boolean; trackingCode?: string }): Promise<Batch | undefined> {
    const sets: string[] = ['updated_at = $2'];
    const params: unknown[] = [batchId, Date.now()];
    const add = (column: string, value: unknown): void => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (change.state) add('state', change.state);
    if (change.delivered !== undefined) add('delivered', change.delivered ? 1 : 0);
    if (change.acknowledged !== undefined) add('acknowledged', change.acknowledged ? 1 : 0);
    if (change.trackingCode) add('tracking_code', change.trackingCode);
    await q.run(`UPDATE archive_batches SET ${sets.join(', ')} WHERE batch_id = $1`, params);
    return this.get(q, batchId);
  }

  private async openBatch(q: Queryable, agencyCode: string): Promise<Batch | undefined> {
    const [row] = await q.query<BatchRow>(
      "SELECT batch_id, agency_code, state, dossier_count, delivered, acknowledged, tracking_code FROM archive_batches WHERE agency_code = $1 AND state = 'open' ORDER BY created_at LIMIT 1",
      [agencyCode],
    );
    return row && toBatch(row);
  }

  private async create(q: Queryable, department: Department): Promise<Batch> {
    const day = vietnamTimestamp(new Date()).slice(2, 10).replace(/-/g, '');
    // Batch ids go into postal order numbers and file names, which allow ASCII only: SKHĐT → SKHDT, SNN&PTNT → SNN-PTNT.
    const prefix = identifierPart(department.abbreviation);
    const [{ n }] = await q.query<{ n: number }>('SELECT COUNT(*) AS n FROM archive_batches WHERE agency_code = $1 AND batch_id LIKE $2', [department.agencyCode, `${prefix}-${day}-%`]);
    const batchId = `${prefix}-${day}-${String(Number(n) + 1).padStart(3, '0')}`;
    const now = Date.now();
    await q.run("INSERT INTO archive_batches (batch_id, agency_code, state, dossier_count, created_at, updated_at) VALUES ($1, $2, 'open', 0, $3, $3)", [batchId, department.agencyCode, now]);
    return { batchId, agencyCode: department.agencyCode, state: 'open', dossierCount: 0, delivered: false, acknowledged: false, trackingCode: null };
  }

  private async manifest(q: Queryable, batch: Batch, department: Department): Promise<Manifest> {
    const rows = await q.query<{ dossier_code: string; data: string; facts: string }>(
      'SELECT d.dossier_code, d.data, d.facts FROM archive_batch_items i JOIN dossiers d ON d.dossier_code = i.dossier_code WHERE i.batch_id = $1 ORDER BY i.added_at, d.dossier_code',
      [batch.batchId],
    );
    const dossiers: ManifestEntry[] = rows.map((row) => {
      const data = JSON.parse(row.data) as { procedureCode: string; procedureName: string; applicant: { fullName: string }; documents: Array<{ name: string }> };
      const facts = JSON.parse(row.facts) as { numberedDecision?: { documentNumber: string } };
      return {
        dossierCode: row.dossier_code,
        procedureCode: data.procedureCode,
        procedureName: data.procedureName,
        applicant: data.applicant.fullName,
        ...(facts.numberedDecision ? { documentNumber: facts.numberedDecision.documentNumber } : {}),
        documents: data.documents.map((d) => d.name),
      };
    });
    return { batchId: batch.batchId, agencyCode: department.agencyCode, department: department.name, center: this.departments.center.name, createdAt: vietnamTimestamp(new Date()), dossiers };
  }
}

function toBatch(row: BatchRow): Batch {
  return {
    batchId: row.batch_id,
    agencyCode: row.agency_code,
    state: row.state,
    dossierCount: Number(row.dossier_count),
    delivered: Number(row.delivered) === 1,
    acknowledged: Number(row.acknowledged) === 1,
    trackingCode: row.tracking_code,
  };
}
