import type { DeadLetterStore, DeadLetterSummary } from '@lienthong/messaging';
import type { Database } from '@lienthong/persistence';
import { tableExists } from '../db/tables';

/** One line of a dossier's timeline. */
export interface TraceEntry {
  readonly at: number;
  /** Which part of the bus saw it. */
  readonly source: 'orchestrator' | 'ioffice' | 'postal' | 'dead-letter';
  /** Message type, SOAP operation or tracking event. */
  readonly kind: string;
  readonly messageId?: string;
  readonly fromStage?: string | null;
  readonly toStage?: string | null;
  readonly note?: string | null;
  /** Time since the previous stage change, on lines that change the stage. */
  readonly stageDurationMs?: number;
  readonly deadLetterId?: number;
  readonly status?: string;
}

/** The dossier as the orchestrator keeps it (when it does). */
export interface DossierSummary {
  readonly dossierCode: string;
  readonly agencyCode: string;
  readonly procedureCode: string;
  readonly stage: string;
  readonly returnMethod: string;
  readonly receivedAt: string;
  readonly dueAt: string;
  readonly dueAtMs: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface DossierTrace {
  readonly dossierCode: string;
  readonly dossier?: DossierSummary;
  readonly entries: TraceEntry[];
  readonly deadLetters: DeadLetterSummary[];
  /** Which sources were read; a source whose table is absent (service not deployed on this database) is skipped. */
  readonly sources: { name: string; available: boolean; error?: string }[];
}

interface Source {
  readonly name: string;
  readonly table: string;
  read(db: Database, code: string): Promise<TraceEntry[]>;
}

/**
 * Tables other services keep about a dossier, read when present. They belong to services being built
 * alongside the console, so a source that fails (a renamed column) is reported as unavailable instead of
 * failing the whole trace.
 */
const SOURCES: readonly Source[] = [
  {
    name: 'orchestrator',
    table: 'dossier_events',
    async read(db, code) {
      const rows = await db.query<{
        message_id: string;
        message_type: string;
        from_stage: string | null;
        to_stage: string | null;
        note: string | null;
        at: number;
      }>(
        'SELECT message_id, message_type, from_stage, to_stage, note, at FROM dossier_events WHERE dossier_code = $1 ORDER BY id LIMIT 2000',
        [code],
      );
      return rows.map((r) => ({
        at: Number(r.at),
        source: 'orchestrator',
        kind: r.message_type,
        messageId: r.message_id,
        fromStage: r.from_stage,
        toStage: r.to_stage,
        note: r.note,
      }));
    },
  },
  {
    name: 'ioffice',
    table: 'ioffice_sent_packages',
    async read(db, code) {
      const rows = await db.query<{ document_id: string; purpose: string; to_organ_id: string; recorded_at: number }>(
        'SELECT document_id, purpose, to_organ_id, recorded_at FROM ioffice_sent_packages WHERE dossier_code = $1 LIMIT 500',
        [code],
      );
      return rows.map((r) => ({
        at: Number(r.recorded_at),
        source: 'ioffice',
        kind: `SendPackage (${r.purpose})`,
        note: `→ ${r.to_organ_id} · ${r.document_id}`,
      }));
    },
  },
  {
    name: 'postal',
    table: 'postal_orders',
    async read(db, code) {
      const orders = await db.query<{ order_number: string; tracking_code: string; purpose: string; created_at: number }>(
        'SELECT order_number, tracking_code, purpose, created_at FROM postal_orders WHERE dossier_code = $1 LIMIT 50',
        [code],
      );
      const entries: TraceEntry[] = orders.map((o) => ({
        at: Number(o.created_at),
        source: 'postal',
        kind: `order (${o.purpose})`,
        note: `${o.order_number} · ${o.tracking_code}`,
      }));
      if (orders.length > 0 && (await tableExists(db, 'postal_tracking_events'))) {
        const params = orders.map((o) => o.order_number);
        const events = await db.query<{
          order_number: string;
          status_code: number;
          occurred_at_ms: number;
          source: string;
          outcome: string;
          message_id: string | null;
        }>(
          `SELECT order_number, status_code, occurred_at_ms, source, outcome, message_id FROM postal_tracking_events WHERE order_number IN (${params.map((_, i) => `$${i + 1}`).join(', ')}) LIMIT 2000`,
          params,
        );
        for (const e of events) {
          entries.push({
            at: Number(e.occurred_at_ms),
            source: 'postal',
            kind: `tracking ${e.status_code}`,
            ...(e.message_id ? { messageId: e.message_id } : {}),
            note: `${e.order_number} · ${e.source} · ${e.outcome}`,
          });
        }
      }
      return entries;
    },
  },
];

/** Builds the timeline of one dossier from every table that knows about it, plus its dead letters. */
export class DossierTracer {
  constructor(
    private readonly db: Database,
    private readonly deadLetters: DeadLetterStore,
  ) {}

  async trace(dossierCode: string): Promise<DossierTrace> {
    const code = dossierCode.trim();
    const sources: DossierTrace['sources'] = [];
    const entries: TraceEntry[] = [];
    for (const source of SOURCES) {
      if (!(await tableExists(this.db, source.table))) {
        sources.push({ name: source.name, available: false });
        continue;
      }
      try {
        entries.push(...(await source.read(this.db, code)));
        sources.push({ name: source.name, available: true });
      } catch (error) {
        sources.push({ name: source.name, available: false, error: (error as Error).message });
      }
    }
    const { items: deadLetters } = await this.deadLetters.list({ correlationId: code, limit: 200 });
    for (const d of deadLetters) {
      entries.push({
        at: d.firstFailedAt,
        source: 'dead-letter',
        kind: d.routingKey,
        messageId: d.messageId,
        note: `${d.errorCode} · ${d.queue}`,
        deadLetterId: d.id,
        status: d.status,
      });
    }
    entries.sort((a, b) => a.at - b.at);
    return { dossierCode: code, ...(await this.dossier(code)), entries: withStageDurations(entries), deadLetters, sources };
  }

  /** Dossier codes starting with `prefix` (for the search box), at most `limit`. */
  async suggest(prefix: string, limit = 10): Promise<string[]> {
    const p = prefix.trim();
    if (p.length < 3 || !(await tableExists(this.db, 'dossiers'))) return [];
    // A range on the primary key instead of LIKE: uses the index on both databases, case-sensitively.
    const rows = await this.db.query<{ dossier_code: string }>(
      'SELECT dossier_code FROM dossiers WHERE dossier_code >= $1 AND dossier_code < $2 ORDER BY dossier_code LIMIT $3',
      [p, `${p}\uffff`, Math.min(limit, 50)],
    );
    return rows.map((r) => r.dossier_code);
  }

  private async dossier(code: string): Promise<{ dossier?: DossierSummary }> {
    if (!(await tableExists(this.db, 'dossiers'))) return {};
    const [r] = await this.db.query<Record<string, string | number>>(
      'SELECT dossier_code, agency_code, procedure_code, stage, return_method, received_at, due_at, due_at_ms, created_at, updated_at FROM dossiers WHERE dossier_code = $1',
      [code],
    );
    if (!r) return {};
    return {
      dossier: {
        dossierCode: String(r.dossier_code),
        agencyCode: String(r.agency_code),
        procedureCode: String(r.procedure_code),
        stage: String(r.stage),
        returnMethod: String(r.return_method),
        receivedAt: String(r.received_at),
        dueAt: String(r.due_at),
        dueAtMs: Number(r.due_at_ms),
        createdAt: Number(r.created_at),
        updatedAt: Number(r.updated_at),
      },
    };
  }
}

/** Adds to each stage-changing line how long the dossier stayed in the stage before it. */
function withStageDurations(entries: TraceEntry[]): TraceEntry[] {
  let since: number | undefined;
  return entries.map((e) => {
    if (!e.toStage) return e;
    const out = since === undefined ? e : { ...e, stageDurationMs: e.at - since };
    since = e.at;
    return out;
  });
}
