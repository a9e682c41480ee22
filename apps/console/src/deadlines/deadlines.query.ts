import { STAGES, Stage, portalStatusOf } from '@lienthong/contracts';
import type { Database } from '@lienthong/persistence';
import { tableExists } from '../db/tables';

/**
 * Stages in which the promised due time still matters: the result has not reached the applicant yet
 * (portal status below 10) and the dossier is not closed. Derived from the contract so a new stage is
 * classified where the portal status is.
 */
export const PENDING_STAGES: readonly Stage[] = STAGES.filter((s) => s !== Stage.CLOSED && portalStatusOf(s) !== 10);

/** Per department: dossiers past their due time, and those due within the margin. */
export interface DepartmentDeadlines {
  readonly agencyCode: string;
  readonly overdue: number;
  readonly atRisk: number;
  /** Dossiers still pending in this department (any due time). */
  readonly pending: number;
}

export interface DeadlineDossier {
  readonly dossierCode: string;
  readonly agencyCode: string;
  readonly procedureCode: string;
  readonly stage: string;
  readonly dueAt: string;
  readonly dueAtMs: number;
}

export type DeadlineKind = 'overdue' | 'at-risk' | 'all';

const inList = (from: number): string => PENDING_STAGES.map((_, i) => `$${from + i}`).join(', ');

/** Reads due times from the orchestrator's `dossiers` table (`due_at_ms`, indexed). */
export class DeadlinesQuery {
  constructor(private readonly db: Database) {}

  /** False until the orchestrator has migrated this database. */
  available(): Promise<boolean> {
    return tableExists(this.db, 'dossiers');
  }

  /** Counts per department; a dossier is at risk when due within `marginMs` from `now`. */
  async summary(now: number, marginMs: number): Promise<DepartmentDeadlines[]> {
    const limit = now + marginMs;
    const late = await this.db.query<{ agency_code: string; overdue: number; at_risk: number }>(
      `SELECT agency_code, SUM(CASE WHEN due_at_ms < $1 THEN 1 ELSE 0 END) AS overdue, SUM(CASE WHEN due_at_ms >= $1 THEN 1 ELSE 0 END) AS at_risk
       FROM dossiers WHERE due_at_ms < $2 AND stage IN (${inList(3)}) GROUP BY agency_code`,
      [now, limit, ...PENDING_STAGES],
    );
    const pending = await this.db.query<{ agency_code: string; n: number }>(
      `SELECT agency_code, COUNT(*) AS n FROM dossiers WHERE stage IN (${inList(1)}) GROUP BY agency_code`,
      [...PENDING_STAGES],
    );
    const byAgency = new Map<string, DepartmentDeadlines>();
    for (const p of pending) byAgency.set(p.agency_code, { agencyCode: p.agency_code, overdue: 0, atRisk: 0, pending: Number(p.n) });
    for (const l of late) {
      const base = byAgency.get(l.agency_code) ?? { agencyCode: l.agency_code, overdue: 0, atRisk: 0, pending: 0 };
      byAgency.set(l.agency_code, { ...base, overdue: Number(l.overdue), atRisk: Number(l.at_risk) });
    }
    return [...byAgency.values()].sort((a, b) => b.overdue - a.overdue || b.atRisk - a.atRisk || a.agencyCode.localeCompare(b.agencyCode));
  }

  /** One page of pending dossiers of a kind, soonest due first. */
  async dossiers(options: {
    now: number;
    marginMs: number;
    kind: DeadlineKind;
    agencyCode?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: DeadlineDossier[]; total: number }> {
    const params: unknown[] = [...PENDING_STAGES];
    const where = [`stage IN (${inList(1)})`];
    const add = (sql: (n: number) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (options.kind === 'overdue') add((n) => `due_at_ms < $${n}`, options.now);
    if (options.kind === 'at-risk') {
      add((n) => `due_at_ms >= $${n}`, options.now);
      add((n) => `due_at_ms < $${n}`, options.now + options.marginMs);
    }
    if (options.agencyCode) add((n) => `agency_code = $${n}`, options.agencyCode);
    const clause = where.join(' AND ');
    const [{ n }] = await this.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM dossiers WHERE ${clause}`, params);
    const rows = await this.db.query<{
      dossier_code: string;
      agency_code: string;
      procedure_code: string;
      stage: string;
      due_at: string;
      due_at_ms: number;
    }>(
      `SELECT dossier_code, agency_code, procedure_code, stage, due_at, due_at_ms FROM dossiers WHERE ${clause} ORDER BY due_at_ms, dossier_code LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, options.limit, options.offset],
    );
    return {
      items: rows.map((r) => ({
        dossierCode: r.dossier_code,
        agencyCode: r.agency_code,
        procedureCode: r.procedure_code,
        stage: r.stage,
        dueAt: r.due_at,
        dueAtMs: Number(r.due_at_ms),
      })),
      total: Number(n),
    };
  }
}
