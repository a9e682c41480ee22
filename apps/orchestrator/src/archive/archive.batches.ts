import { Injectable, Logger } from '@nestjs/common';
import { type Department, Departments } from '@lienthong/config';
import type { MessageBody } from '@lienthong/contracts';
import { PermanentFailure, vietnamTimestamp } from '@lienthong/messaging';
import type { Queryable } from '@lienthong/persistence';
import { OrchestratorBlobs } from '../blobs/blob.store';
import type { DossierRecord } from '../dossiers/dossier.repository';
import type { UnitOfWork } from '../lifecycle/unit-of-work';
import { batchOrderNumber, newBatchId, resendOf } from './batch-id';
import { type Manifest, type ManifestEntry, manifestJson, manifestPdf } from './handover.manifest';

/**
 * `open` takes dossiers; `closed` takes no more and waits for its dispatch step; `dispatching` has its order and
 * manifest sent; `dispatched` has its order accepted by the post; then `delivered` and `archived`.
 */
export type BatchState = 'open' | 'closed' | 'dispatching' | 'dispatched' | 'delivered' | 'archived';

export interface Batch {
  readonly batchId: string;
  readonly agencyCode: string;
  readonly state: BatchState;
  readonly dossierCount: number;
  readonly delivered: boolean;
  readonly acknowledged: boolean;
  readonly trackingCode: string | null;
  readonly orderNumber: string | null;
}

interface BatchRow {
  batch_id: string;
  agency_code: string;
  state: BatchState;
  dossier_count: number;
  delivered: number;
  acknowledged: number;
  tracking_code: string | null;
  order_number: string | null;
}

const BATCH_COLUMNS = 'batch_id, agency_code, state, dossier_count, delivered, acknowledged, tracking_code, order_number';

type BatchStepBody = MessageBody<'orchestrator.batch-step-requested'>;

/**
 * Archive handover (bàn giao lưu trữ): resolved dossiers are collected per department into batches; a batch is
 * closed when it holds `maxBatch` dossiers, at the department's cutoff or when an operator asks, and then
 * dispatched: one postal order (`BCCI-LT`) to the department's archive address and one `handover-manifest`
 * package (PDF + JSON) to its DMS.
 *
 * Closing only records the batch's state and requests its dispatch (`orchestrator.batch-step-requested`); the
 * dispatch itself runs as a step of its own, in its own transaction with its own retries and dead letter
 * (correlation id: the batch id). So a batch that cannot be dispatched never rolls back or dead-letters the
 * dossier transition, timer round or operator request that closed it; it waits, visible, until its dead
 * letter is replayed.
 */
@Injectable()
export class ArchiveBatches {
  private readonly logger = new Logger('ArchiveBatches');

  constructor(
    private readonly departments: Departments,
    private readonly blobs: OrchestratorBlobs,
  ) {}

  /** Puts a dossier into its department's open batch (closing the batch when full); returns the batch id. */
  async add(uow: UnitOfWork, dossier: DossierRecord, department: Department): Promise<string> {
    const batch = (await this.openBatch(uow.tx, department.agencyCode)) ?? (await this.create(uow.tx, department));
    const added = await uow.tx.run(
      'INSERT INTO archive_batch_items (batch_id, dossier_code, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [batch.batchId, dossier.dossierCode, Date.now()],
    );
    if (added === 0) return batch.batchId;
    await uow.tx.run('UPDATE archive_batches SET dossier_count = dossier_count + 1, updated_at = $2 WHERE batch_id = $1', [
      batch.batchId,
      Date.now(),
    ]);
    if (batch.dossierCount + 1 >= department.archive.maxBatch) await this.close(uow, batch.batchId, 'full');
    return batch.batchId;
  }

  /** Closes every non-empty open batch of a department (its cutoff came, or an operator asked). Returns how many. */
  async closeOpen(uow: UnitOfWork, agencyCode: string, trigger: 'cutoff' | 'operator'): Promise<number> {
    const open = await uow.tx.query<{ batch_id: string }>(
      "SELECT batch_id FROM archive_batches WHERE agency_code = $1 AND state = 'open' AND dossier_count > 0",
      [agencyCode],
    );
    let closed = 0;
    for (const { batch_id } of open) if (await this.close(uow, batch_id, trigger)) closed += 1;
    return closed;
  }

  /** Takes an open batch out of service and requests its dispatch; false when it was no longer open. */
  async close(uow: UnitOfWork, batchId: string, trigger: 'full' | 'cutoff' | 'operator'): Promise<boolean> {
    const [batch] = await uow.tx.query<{ agency_code: string }>(
      "UPDATE archive_batches SET state = 'closed', order_number = $2, updated_at = $3 WHERE batch_id = $1 AND state = 'open' RETURNING agency_code",
      [batchId, batchOrderNumber(batchId), Date.now()],
    );
    if (!batch) return false;
    await this.requestStep(uow, {
      batchId,
      agencyCode: batch.agency_code,
      step: 'dispatch',
      trigger,
      orderNumber: batchOrderNumber(batchId),
    });
    return true;
  }

  /**
   * The dispatch step: makes the manifest, orders the postal pickup and sends the manifest to the department's
   * DMS. Does nothing for a batch already dispatched (a repeated request).
   */
  async dispatch(uow: UnitOfWork, step: BatchStepBody): Promise<void> {
    const batch = await this.get(uow.tx, step.batchId);
    if (!batch) throw new PermanentFailure('BUS.UNKNOWN_BATCH', `archive batch ${step.batchId} is not known to the orchestrator`);
    if (batch.state !== 'closed') {
      this.logger.log(`batch ${batch.batchId} is ${batch.state}: its dispatch was done already`);
      return;
    }
    const department = this.departmentOf(batch);
    const manifest = await this.manifest(uow.tx, batch, department);
    const pdf = this.blobs.publish(await manifestPdf(manifest), 'application/pdf', `bien-ban-ban-giao-${batch.batchId}.pdf`);
    const json = this.blobs.publish(manifestJson(manifest), 'application/json', `bien-ban-ban-giao-${batch.batchId}.json`);
    const orderNumber = batch.orderNumber ?? step.orderNumber;
    await uow.tx.run(
      "UPDATE archive_batches SET state = 'dispatching', order_number = $2, manifest_sha256 = $3, dispatched_at = $4, updated_at = $4 WHERE batch_id = $1",
      [batch.batchId, orderNumber, pdf.sha256, Date.now()],
    );
    await this.orderPickup(uow, batch.batchId, department, manifest.dossiers.length, orderNumber);
    await uow.publish(
      'dms.send-requested',
      {
        agencyCode: department.agencyCode,
        purpose: 'handover-manifest',
        batchId: batch.batchId,
        dossierCodes: manifest.dossiers.map((d) => d.dossierCode),
        requestedAt: manifest.createdAt,
        subject: `Biên bản bàn giao ${manifest.dossiers.length} hồ sơ lưu trữ, lô ${batch.batchId}`,
        documentType: { type: 'BB', typeName: 'Biên bản' },
        attachments: [
          { name: `bien-ban-ban-giao-${batch.batchId}.pdf`, file: pdf },
          { name: `bien-ban-ban-giao-${batch.batchId}.json`, file: json },
        ],
      },
      batch.batchId,
    );
    this.logger.log(
      `batch ${batch.batchId} of ${department.abbreviation} dispatched (${step.trigger}) with ${manifest.dossiers.length} dossiers`,
    );
  }

  /**
   * The post brought the batch back (20, returned to sender): the Center sends it again under a new order number
   * (`LT-<batchId>-R<n>`), as a step of its own. Its dossiers stay HANDOVER_DISPATCHED; the new order's delivery
   * moves them on. Returns the new order number (undefined for a batch already delivered).
   */
  async returned(uow: UnitOfWork, batchId: string): Promise<string | undefined> {
    const batch = await this.get(uow.tx, batchId);
    if (!batch || batch.delivered) return undefined;
    const orderNumber = batchOrderNumber(batchId, (resendOf(batchId, batch.orderNumber ?? '') ?? 0) + 1);
    await uow.tx.run('UPDATE archive_batches SET order_number = $2, updated_at = $3 WHERE batch_id = $1', [
      batchId,
      orderNumber,
      Date.now(),
    ]);
    await this.requestStep(uow, { batchId, agencyCode: batch.agencyCode, step: 'resend', trigger: 'returned', orderNumber });
    this.logger.warn(`batch ${batchId} came back from the post; sending it again as ${orderNumber}`);
    return orderNumber;
  }

  /** The resend step: orders the pickup again under the step's order number, unless a later resend replaced it. */
  async resend(uow: UnitOfWork, step: BatchStepBody): Promise<void> {
    const batch = await this.get(uow.tx, step.batchId);
    if (!batch) throw new PermanentFailure('BUS.UNKNOWN_BATCH', `archive batch ${step.batchId} is not known to the orchestrator`);
    if (batch.delivered || batch.orderNumber !== step.orderNumber) {
      this.logger.log(
        `batch ${batch.batchId}: resend as ${step.orderNumber} is no longer due (order ${batch.orderNumber}, ${batch.delivered ? 'delivered' : 'not delivered'})`,
      );
      return;
    }
    await this.orderPickup(uow, batch.batchId, this.departmentOf(batch), batch.dossierCount, step.orderNumber);
  }

  private async requestStep(uow: UnitOfWork, step: Omit<BatchStepBody, 'requestedAt'>): Promise<void> {
    await uow.publish('orchestrator.batch-step-requested', { ...step, requestedAt: vietnamTimestamp(new Date()) }, step.batchId);
  }

  private departmentOf(batch: Batch): Department {
    const department = this.departments.get(batch.agencyCode);
    if (!department) {
      throw new PermanentFailure(
        'CONFIG.UNKNOWN_DEPARTMENT',
        `archive batch ${batch.batchId}: department ${batch.agencyCode} is no longer configured (DEPARTMENTS_FILE); configure it again, then replay this dead letter`,
      );
    }
    return department;
  }

  /** One BCCI-LT postal order taking the batch from the Center to the department's archive. */
  private async orderPickup(
    uow: UnitOfWork,
    batchId: string,
    department: Department,
    itemCount: number,
    orderNumber: string,
  ): Promise<void> {
    const center = this.departments.center;
    const archive = department.archive.address;
    await uow.publish(
      'postal.order-requested',
      {
        orderNumber,
        purpose: 'archive-handover',
        batchId,
        serviceCode: 'BCCI-LT',
        sender: {
          name: center.name,
          phone: center.address.phone ?? '02053812345',
          line: center.address.line,
          ...(center.address.ward ? { ward: center.address.ward } : {}),
          province: center.address.province,
          ...(center.address.provinceCode ? { provinceCode: center.address.provinceCode } : {}),
        },
        receiver: {
          name: archive.recipient ?? `Văn thư ${department.name}`,
          phone: archive.phone ?? '02053800000',
          line: archive.line,
          ...(archive.ward ? { ward: archive.ward } : {}),
          province: archive.province,
          ...(archive.provinceCode ? { provinceCode: archive.provinceCode } : {}),
        },
        parcel: { itemCount, weightGrams: 300 * itemCount, contentNote: `Hồ sơ lưu trữ lô ${batchId}` },
      },
      batchId,
    );
  }

  async get(q: Queryable, batchId: string): Promise<Batch | undefined> {
    const [row] = await q.query<BatchRow>(`SELECT ${BATCH_COLUMNS} FROM archive_batches WHERE batch_id = $1`, [batchId]);
    return row && toBatch(row);
  }

  async dossierCodes(q: Queryable, batchId: string): Promise<string[]> {
    const rows = await q.query<{ dossier_code: string }>(
      'SELECT dossier_code FROM archive_batch_items WHERE batch_id = $1 ORDER BY added_at, dossier_code',
      [batchId],
    );
    return rows.map((r) => r.dossier_code);
  }

  /** Records progress of a batch; returns the batch after the change. */
  async update(
    q: Queryable,
    batchId: string,
    change: { state?: BatchState; delivered?: boolean; acknowledged?: boolean; trackingCode?: string },
  ): Promise<Batch | undefined> {
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
      `SELECT ${BATCH_COLUMNS} FROM archive_batches WHERE agency_code = $1 AND state = 'open' ORDER BY created_at LIMIT 1`,
      [agencyCode],
    );
    return row && toBatch(row);
  }

  private async create(q: Queryable, department: Department): Promise<Batch> {
    const batchId = newBatchId(department);
    const now = Date.now();
    await q.run(
      "INSERT INTO archive_batches (batch_id, agency_code, state, dossier_count, created_at, updated_at) VALUES ($1, $2, 'open', 0, $3, $3)",
      [batchId, department.agencyCode, now],
    );
    return {
      batchId,
      agencyCode: department.agencyCode,
      state: 'open',
      dossierCount: 0,
      delivered: false,
      acknowledged: false,
      trackingCode: null,
      orderNumber: null,
    };
  }

  private async manifest(q: Queryable, batch: Batch, department: Department): Promise<Manifest> {
    const rows = await q.query<{ dossier_code: string; data: string; facts: string }>(
      'SELECT d.dossier_code, d.data, d.facts FROM archive_batch_items i JOIN dossiers d ON d.dossier_code = i.dossier_code WHERE i.batch_id = $1 ORDER BY i.added_at, d.dossier_code',
      [batch.batchId],
    );
    const dossiers: ManifestEntry[] = rows.map((row) => {
      const data = JSON.parse(row.data) as {
        procedureCode: string;
        procedureName: string;
        applicant: { fullName: string };
        documents: Array<{ name: string }>;
      };
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
    return {
      batchId: batch.batchId,
      agencyCode: department.agencyCode,
      department: department.name,
      center: this.departments.center.name,
      createdAt: vietnamTimestamp(new Date()),
      dossiers,
    };
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
    orderNumber: row.order_number,
  };
}
