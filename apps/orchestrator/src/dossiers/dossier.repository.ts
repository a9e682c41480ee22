import { Injectable } from '@nestjs/common';
import type { ClosedReason, MessageBody, Stage } from '@lienthong/contracts';
import type { Queryable } from '@lienthong/persistence';

/** A dossier (hồ sơ) as the orchestrator keeps it. */
export interface DossierRecord {
  readonly dossierCode: string;
  readonly agencyCode: string;
  readonly procedureCode: string;
  readonly stage: Stage;
  readonly previousStage: Stage | null;
  readonly returnMethod: 'center' | 'postal';
  readonly receivedAt: string;
  readonly dueAt: string;
  readonly version: number;
  readonly closedReason: ClosedReason | null;
  /** What the lifecycle learned along the way (decisions, orders), for the steps that follow. */
  readonly facts: DossierFactsRecord;
}

/** Facts kept per dossier. */
export interface DossierFactsRecord {
  readonly draftDecision?: NonNullable<MessageBody<'onestop.dossier.appraised'>['draftDecision']>;
  readonly paperDecision?: MessageBody<'onestop.decision.approved-at-center'>['decision'];
  readonly numberedDecision?: MessageBody<'dms.decision-received'>['decision'];
  readonly documentNumber?: string;
  readonly decline?: { readonly reason: string; readonly statusCode: string };
  readonly delivery?: { readonly orderNumber: string; readonly trackingCode?: string };
  readonly batchId?: string;
}

interface Row {
  dossier_code: string;
  agency_code: string;
  procedure_code: string;
  stage: Stage;
  previous_stage: Stage | null;
  return_method: 'center' | 'postal';
  received_at: string;
  due_at: string;
  version: number;
  closed_reason: ClosedReason | null;
  facts: string;
}

/** One trace line: a message that touched a dossier, and the transition it caused (if any). */
export interface DossierEvent {
  readonly dossierCode: string;
  readonly messageId: string;
  readonly messageType: string;
  readonly fromStage: Stage | null;
  readonly toStage: Stage | null;
  readonly note?: string;
}

/**
 * Reads and writes dossiers inside the caller's transaction (the handler's). A message costs the orchestrator about
 * as many statements as it has reasons to: the dossier as received (the largest column) is read only by the steps that
 * need it, a department check reads only the department, a trace note is one statement.
 */
@Injectable()
export class DossierRepository {
  async find(tx: Queryable, dossierCode: string): Promise<DossierRecord | undefined> {
    const [row] = await tx.query<Row>(
      'SELECT dossier_code, agency_code, procedure_code, stage, previous_stage, return_method, received_at, due_at, version, closed_reason, facts FROM dossiers WHERE dossier_code = $1',
      [dossierCode],
    );
    return row && toRecord(row);
  }

  /** The dossier as received (the latest `onestop.dossier.received`), for the steps that send it on. */
  async received(tx: Queryable, dossierCode: string): Promise<MessageBody<'onestop.dossier.received'> | undefined> {
    const [row] = await tx.query<{ data: string }>('SELECT data FROM dossiers WHERE dossier_code = $1', [dossierCode]);
    return row && (JSON.parse(row.data) as MessageBody<'onestop.dossier.received'>);
  }

  /** The department a dossier belongs to, or undefined for a dossier the bus does not know. */
  async agencyOf(tx: Queryable, dossierCode: string): Promise<string | undefined> {
    const [row] = await tx.query<{ agency_code: string }>('SELECT agency_code FROM dossiers WHERE dossier_code = $1', [dossierCode]);
    return row?.agency_code;
  }

  /** Creates a dossier; returns false when one with this code already exists. */
  async insert(
    tx: Queryable,
    dossier: Omit<DossierRecord, 'version' | 'previousStage' | 'closedReason' | 'facts' | 'received'>,
    data: unknown,
  ): Promise<boolean> {
    const now = Date.now();
    const changed = await tx.run(
      `INSERT INTO dossiers (dossier_code, agency_code, procedure_code, stage, previous_stage, return_method, received_at, due_at, due_at_ms, data, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, $8, $9, 1, $10, $10) ON CONFLICT DO NOTHING`,
      [
        dossier.dossierCode,
        dossier.agencyCode,
        dossier.procedureCode,
        dossier.stage,
        dossier.returnMethod,
        dossier.receivedAt,
        dossier.dueAt,
        Date.parse(dossier.dueAt),
        JSON.stringify(data),
        now,
      ],
    );
    return changed === 1;
  }

  /**
   * Moves a dossier from `from` to `to`, writing its facts too when given (the facts the event brought, in the same
   * statement); false when it was no longer in `from` (optimistic check).
   */
  async transition(tx: Queryable, dossierCode: string, from: Stage, to: Stage, facts?: DossierFactsRecord): Promise<boolean> {
    const changed = facts
      ? await tx.run(
          'UPDATE dossiers SET stage = $3, previous_stage = $2, version = version + 1, updated_at = $4, facts = $5 WHERE dossier_code = $1 AND stage = $2',
          [dossierCode, from, to, Date.now(), JSON.stringify(facts)],
        )
      : await tx.run(
          'UPDATE dossiers SET stage = $3, previous_stage = $2, version = version + 1, updated_at = $4 WHERE dossier_code = $1 AND stage = $2',
          [dossierCode, from, to, Date.now()],
        );
    return changed === 1;
  }

  /** Replaces the dossier as received (a re-reception after a supplement brings new documents). */
  async replaceData(tx: Queryable, dossierCode: string, data: MessageBody<'onestop.dossier.received'>): Promise<void> {
    await tx.run('UPDATE dossiers SET data = $2, due_at = $3, due_at_ms = $4, updated_at = $5 WHERE dossier_code = $1', [
      dossierCode,
      JSON.stringify(data),
      data.dueAt,
      Date.parse(data.dueAt),
      Date.now(),
    ]);
  }

  /** Marks a dossier closed, with the reason that decides its portal status (and its facts, when given, as `transition`). */
  async close(tx: Queryable, dossierCode: string, from: Stage, reason: ClosedReason, facts?: DossierFactsRecord): Promise<boolean> {
    const changed = await tx.run(
      "UPDATE dossiers SET stage = 'CLOSED', previous_stage = $2, closed_reason = $3, version = version + 1, updated_at = $4, facts = COALESCE($5, facts) WHERE dossier_code = $1 AND stage = $2",
      [dossierCode, from, reason, Date.now(), facts ? JSON.stringify(facts) : null],
    );
    return changed === 1;
  }

  /** Merges facts learned from a message into the dossier. */
  async addFacts(tx: Queryable, dossier: DossierRecord, patch: DossierFactsRecord): Promise<DossierRecord> {
    const facts = { ...dossier.facts, ...patch };
    await tx.run('UPDATE dossiers SET facts = $2, updated_at = $3 WHERE dossier_code = $1', [
      dossier.dossierCode,
      JSON.stringify(facts),
      Date.now(),
    ]);
    return { ...dossier, facts };
  }

  /** Appends to the trace of a dossier the bus knows; does nothing for an unknown code. One statement. */
  async recordIfKnown(tx: Queryable, event: DossierEvent): Promise<void> {
    await tx.run(
      'INSERT INTO dossier_events (dossier_code, message_id, message_type, from_stage, to_stage, note, at) SELECT $1, $2, $3, $4, $5, $6, $7 WHERE EXISTS (SELECT 1 FROM dossiers WHERE dossier_code = $1)',
      [event.dossierCode, event.messageId, event.messageType, event.fromStage, event.toStage, event.note ?? null, Date.now()],
    );
  }

  /** Appends to the dossier's trace. */
  async record(tx: Queryable, event: DossierEvent): Promise<void> {
    await tx.run(
      'INSERT INTO dossier_events (dossier_code, message_id, message_type, from_stage, to_stage, note, at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [event.dossierCode, event.messageId, event.messageType, event.fromStage, event.toStage, event.note ?? null, Date.now()],
    );
  }
}

function toRecord(row: Row): DossierRecord {
  return {
    dossierCode: row.dossier_code,
    agencyCode: row.agency_code,
    procedureCode: row.procedure_code,
    stage: row.stage,
    previousStage: row.previous_stage,
    returnMethod: row.return_method,
    receivedAt: row.received_at,
    dueAt: row.due_at,
    version: Number(row.version),
    closedReason: row.closed_reason,
    facts: JSON.parse(row.facts) as DossierFactsRecord,
  };
}
