import { WORKLOAD_AGENCIES, type System, sleep } from './system';
import type { BusWatch } from './watch';

/** How many dossiers, how fast, and what the Center decides for them. */
export interface WorkloadOptions {
  /** Dossiers submitted (default 40). */
  readonly dossiers?: number;
  /** Submissions per second (default 2: with the simulators' delays, dossiers are at every stage ~15 s in). */
  readonly perSecond?: number;
}

const DELIVERY_ADDRESS = {
  recipient: 'Hoàng Thị Ngọc',
  phone: '0915222333',
  line: 'Số 27 đường Bắc Sơn',
  ward: 'Phường Hoàng Văn Thụ',
  province: 'Lạng Sơn',
  provinceCode: '20',
};

/** Dossier i's plan: mostly approved (half returned by post), every 8th rejected (it ends CLOSED without a decision). */
export function planOf(i: number): { agencyCode: string; outcome: 'approve' | 'reject'; returnMethod: 'center' | 'postal' } {
  return {
    agencyCode: WORKLOAD_AGENCIES[i % WORKLOAD_AGENCIES.length],
    outcome: i % 8 === 7 ? 'reject' : 'approve',
    returnMethod: i % 2 === 0 ? 'postal' : 'center',
  };
}

/** Submits the dossiers to the one-stop simulator at the pace asked; resolves with their codes (in order). */
export async function submitDossiers(system: System, options: WorkloadOptions, codes: string[]): Promise<string[]> {
  const n = options.dossiers ?? 40;
  const perSecond = options.perSecond ?? 2;
  const start = Date.now();
  for (let i = 0; i < n; i++) {
    const due = start + (i * 1000) / perSecond;
    if (due > Date.now()) await sleep(due - Date.now());
    const plan = planOf(i);
    const body = {
      agencyCode: plan.agencyCode,
      returnMethod: plan.returnMethod,
      ...(plan.returnMethod === 'postal' ? { deliveryAddress: DELIVERY_ADDRESS } : {}),
      plan: { outcome: plan.outcome },
    };
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${system.url('onestop')}/_admin/dossiers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).catch((e: Error) => e);
      if (!(res instanceof Error) && res.status === 201) {
        codes.push(((await res.json()) as { dossierCode: string }).dossierCode);
        break;
      }
      // The one-stop simulator publishes with confirms: refused while the broker is away. Try again, as a Center would.
      if (attempt > 120)
        throw new Error(
          `the one-stop simulator refused a dossier: ${res instanceof Error ? res.message : `${res.status} ${await res.text()}`}`,
        );
      await sleep(1000);
    }
  }
  return codes;
}

/** What the one-stop simulator knows about one dossier (`GET /_admin/state`). */
export interface OnestopDossier {
  readonly dossierCode: string;
  readonly stages: string[];
  readonly finished: boolean;
  readonly finishedAs?: string;
  readonly lastStage?: string;
}

export async function onestopDossiers(system: System): Promise<Map<string, OnestopDossier>> {
  const res = await fetch(`${system.url('onestop')}/_admin/state`, { signal: AbortSignal.timeout(10_000) });
  const state = (await res.json()) as { dossiers: OnestopDossier[] | Record<string, OnestopDossier> };
  const list = Array.isArray(state.dossiers) ? state.dossiers : Object.values(state.dossiers);
  return new Map(list.map((d) => [d.dossierCode, d]));
}

const HANDOVER_OR_LATER = new Set(['AWAITING_HANDOVER', 'HANDOVER_DISPATCHED', 'HANDOVER_DELIVERED', 'ARCHIVED', 'CLOSED']);

/**
 * Waits until every dossier in `codes` is finished at the one-stop system (ARCHIVED or CLOSED), or until nothing has
 * moved for `stallMs`. Dispatches the open archive batches (as an operator or the cutoff would) whenever every
 * unfinished dossier waits only for its batch. Resolves with the time the last one finished (or undefined).
 */
export async function waitFinished(
  system: System,
  watch: BusWatch,
  codes: readonly string[],
  options: { stallMs?: number; deadlineMs?: number; submitted?: () => boolean } = {},
): Promise<number | undefined> {
  const stallMs = options.stallMs ?? 120_000;
  const deadline = Date.now() + (options.deadlineMs ?? 15 * 60_000);
  let lastMove = Date.now();
  let lastCount = -1;
  let lastDispatch = 0;
  for (;;) {
    const onestop = await onestopDossiers(system).catch(() => undefined);
    if (onestop) {
      const unfinished = codes.filter((c) => !onestop.get(c)?.finished);
      const submittedAll = options.submitted?.() ?? true;
      if (unfinished.length === 0 && submittedAll) return Math.max(watch.lastAt(), Date.now() - 1000);
      const moved = watch.announcements.length + (codes.length - unfinished.length);
      if (moved !== lastCount) {
        lastCount = moved;
        lastMove = Date.now();
      }
      const latest = watch.latest();
      const waitingForBatch = submittedAll && unfinished.length > 0 && unfinished.every((c) => HANDOVER_OR_LATER.has(latest.get(c) ?? ''));
      if (waitingForBatch && Date.now() - lastDispatch > 10_000) {
        lastDispatch = Date.now();
        await fetch(`${system.url('orchestrator')}/archive/batches/dispatch`, {
          method: 'POST',
          headers: { authorization: `Bearer ${system.serviceToken}` },
          signal: AbortSignal.timeout(10_000),
        }).catch(() => undefined);
      }
    }
    if (Date.now() - lastMove > stallMs || Date.now() > deadline) return undefined;
    await sleep(1000);
  }
}
