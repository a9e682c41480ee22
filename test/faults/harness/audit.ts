import Database from 'better-sqlite3';
import { Client } from 'pg';
import { type BusService, type System } from './system';
import type { BusWatch } from './watch';
import { onestopDossiers } from './workload';

/**
 * What the outside systems' own records and the bus's databases say after a run. Definitions:
 * - **finished**: the one-stop simulator has the dossier finished (it was told ARCHIVED or CLOSED);
 * - **lost**: submitted but not finished when the run stopped waiting (nothing moved for the stall time);
 * - **duplicated effects**, each counted once per extra effect:
 *   - a second SendEdoc of one document: two packages the Center sent to iOffice with the same DocumentId
 *     apart from its date part (`<center>,<date>,<dossier or batch>/<purpose>`): one sign/number/archive/manifest
 *     request per dossier (batch) and purpose;
 *   - a second postal order for one dossier (`KQ-<dossier>`) or one archive batch (`LT-<batch>`, resends `-R<n>` after
 *     a return excepted: the workload has no returns, so any second order of a batch counts);
 *   - a transition announced twice: two `dossier.status-changed` for the same dossier and stage with different
 *     message_ids (seen by the harness's own subscriber), or the one-stop simulator recording the same stage twice
 *     for a dossier (it collapses redeliveries of one transition by dossier+stage+occurredAt);
 * - **bus records** (not counted, shown): orchestrator dossiers by stage, outbox rows never confirmed per service.
 */
export interface AuditResult {
  readonly dossiers: number;
  readonly finished: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly details: string[];
}

const CENTER_ORGAN = '000.00.01.H36';

export async function audit(system: System, watch: BusWatch, codes: readonly string[]): Promise<AuditResult> {
  const details: string[] = [];
  const onestop = await onestopDossiers(system);
  const finished = codes.filter((c) => onestop.get(c)?.finished);
  const lostCodes = codes.filter((c) => !onestop.get(c)?.finished);
  for (const c of lostCodes.slice(0, 10))
    details.push(`unfinished ${c}: one-stop last stage ${onestop.get(c)?.lastStage ?? '(never seen)'}`);
  let duplicated = 0;

  // 1. iOffice: SendEdoc twice for one document.
  const ioffice = (await (await fetch(`${system.url('ioffice')}/_admin/state`)).json()) as {
    documents: Array<{ fromOrganId: string; messageType: string; documentId: string; docId: string }>;
  };
  const sent = new Map<string, string[]>();
  for (const d of ioffice.documents) {
    if (d.fromOrganId !== CENTER_ORGAN) continue;
    const [, , ...rest] = d.documentId.split(',');
    const key = `${d.documentId.split(',')[0]},${rest.join(',')}`;
    sent.set(key, [...(sent.get(key) ?? []), d.docId]);
  }
  for (const [key, docIds] of sent) {
    if (docIds.length < 2) continue;
    duplicated += docIds.length - 1;
    details.push(`second SendEdoc: ${key} sent ${docIds.length} times (${docIds.join(', ')})`);
  }

  // 2. The postal operator: a second order for one dossier or batch.
  const orders = (await (await fetch(`${system.url('postal')}/_admin/orders`)).json()) as Array<{
    orderNumber: string;
    trackingCode: string;
  }>;
  const bySubject = new Map<string, string[]>();
  for (const o of orders) {
    const subject = o.orderNumber.startsWith('LT-') ? o.orderNumber.replace(/-R\d+$/, '') : o.orderNumber;
    bySubject.set(subject, [...(bySubject.get(subject) ?? []), `${o.orderNumber} ${o.trackingCode}`]);
  }
  for (const [subject, list] of bySubject) {
    if (list.length < 2) continue;
    duplicated += list.length - 1;
    details.push(`second postal order: ${subject}: ${list.join(', ')}`);
  }

  // 3. A transition announced twice.
  const announced = new Map<string, Set<string>>();
  for (const a of watch.announcements) {
    if (!codes.includes(a.dossierCode)) continue;
    const key = `${a.dossierCode} ${a.stage}`;
    announced.set(key, (announced.get(key) ?? new Set()).add(a.messageId));
  }
  const twice = new Set<string>();
  for (const [key, ids] of announced) {
    if (ids.size < 2) continue;
    twice.add(key);
    details.push(`announced twice on the bus: ${key} (${ids.size} message_ids)`);
  }
  for (const c of codes) {
    const stages = onestop.get(c)?.stages ?? [];
    const counts = new Map<string, number>();
    for (const s of stages) counts.set(s, (counts.get(s) ?? 0) + 1);
    for (const [stage, n] of counts) {
      if (n < 2) continue;
      twice.add(`${c} ${stage}`);
      details.push(`the one-stop system recorded ${c} ${stage} ${n} times`);
    }
  }
  duplicated += twice.size;

  // 4. The bus's own records.
  details.push(...(await busRecords(system)));
  return { dossiers: codes.length, finished: finished.length, lost: lostCodes.length, duplicated, details };
}

/** Orchestrator dossiers by stage and outbox rows left unconfirmed, read from each service's database. */
async function busRecords(system: System): Promise<string[]> {
  const lines: string[] = [];
  const services = [...new Set(system.busProcs.map((p) => p.name))] as BusService[];
  for (const service of services) {
    const url = system.proc(service).env.DATABASE_URL;
    try {
      const pending = await query<{ routing_key: string; created_at: number; attempts: number; last_error: string | null }>(
        url,
        'SELECT routing_key, created_at, attempts, last_error FROM outbox WHERE sent_at IS NULL ORDER BY id',
      );
      if (pending.length > 0) {
        const what = pending
          .slice(0, 5)
          .map(
            (r) =>
              `${r.routing_key} written ${((Date.now() - Number(r.created_at)) / 1000).toFixed(0)} s ago, ${r.attempts} attempts${r.last_error ? ` (${r.last_error})` : ''}`,
          );
        lines.push(`${service}: ${pending.length} outbox rows not confirmed yet: ${what.join('; ')}`);
      }
      if (service === 'orchestrator') {
        const stages = await query<{ stage: string; n: number }>(
          url,
          'SELECT stage, COUNT(*) AS n FROM dossiers GROUP BY stage ORDER BY stage',
        );
        lines.push(`orchestrator dossiers by stage: ${stages.map((s) => `${s.stage} ${s.n}`).join(', ')}`);
      }
    } catch (error) {
      lines.push(`${service}: database not readable (${(error as Error).message})`);
    }
  }
  return lines;
}

/** One query against a service's database (`sqlite:<file>` read-only, or `postgres://…?schema=`). */
export async function query<T>(databaseUrl: string, sql: string): Promise<T[]> {
  if (databaseUrl.startsWith('sqlite:')) {
    const db = new Database(databaseUrl.slice('sqlite:'.length), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  }
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    if (schema) await client.query(`SET search_path TO "${schema}"`);
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}
