import type { DossierWatcher, WatchedDossier } from '@lienthong/runtime';

/** What the demo asks the simulated Center to do with each dossier, in turn (a fixed, varied scenario). */
export const DEMO_PLAN: ReadonlyArray<{ outcome: 'approve' | 'supplement' | 'reject' | 'withdraw'; returnMethod: 'center' | 'postal' }> = [
  { outcome: 'approve', returnMethod: 'center' },
  { outcome: 'approve', returnMethod: 'postal' },
  { outcome: 'approve', returnMethod: 'center' },
  { outcome: 'supplement', returnMethod: 'postal' },
  { outcome: 'approve', returnMethod: 'postal' },
  { outcome: 'reject', returnMethod: 'center' },
  { outcome: 'approve', returnMethod: 'center' },
  { outcome: 'withdraw', returnMethod: 'center' },
  { outcome: 'approve', returnMethod: 'postal' },
  { outcome: 'approve', returnMethod: 'center' },
];

const DELIVERY_ADDRESS = {
  recipient: 'Hoàng Thị Ngọc',
  phone: '0915222333',
  line: 'Số 27 đường Bắc Sơn',
  ward: 'Phường Hoàng Văn Thụ',
  province: 'Lạng Sơn',
  provinceCode: '20',
};

/** Submits `n` dossiers to the one-stop simulator following DEMO_PLAN round-robin over the departments. */
export async function submitDemoDossiers(onestopUrl: string, agencyCodes: readonly string[], n: number): Promise<string[]> {
  const codes: string[] = [];
  for (let i = 0; i < n; i++) {
    const plan = DEMO_PLAN[i % DEMO_PLAN.length];
    const overrides = {
      agencyCode: agencyCodes[i % agencyCodes.length],
      returnMethod: plan.returnMethod,
      ...(plan.returnMethod === 'postal' ? { deliveryAddress: DELIVERY_ADDRESS } : {}),
    };
    const res = await fetch(`${onestopUrl}/_admin/dossiers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...overrides, plan: { outcome: plan.outcome } }),
    });
    if (res.status !== 201) throw new Error(`the one-stop simulator refused a dossier: ${res.status} ${await res.text()}`);
    codes.push(((await res.json()) as { dossierCode: string }).dossierCode);
  }
  return codes;
}

/** A department as the report names it: by the abbreviation its documents carry (SKHĐT, SNN&PTNT). */
export interface ReportedDepartment {
  readonly agencyCode: string;
  readonly abbreviation: string;
}

/**
 * The demo's closing report: paths taken, final states, end-to-end times, how each department fared (a few lines
 * however many departments: `SKHĐT 1/1` is finished/submitted), and every dossier that did not finish, with its
 * department. A dossier's department is its code's first part (the one-stop's codes are `<agencyCode>-…`).
 */
export function demoReport(
  watcher: DossierWatcher,
  codes: readonly string[],
  departments: readonly ReportedDepartment[] = [],
): { text: string; unfinished: number } {
  const departmentOf = (code: string): ReportedDepartment | undefined => departments.find((d) => code.startsWith(`${d.agencyCode}-`));
  const label = (code: string): string => {
    const department = departmentOf(code);
    return department ? `${code} (${department.abbreviation})` : code;
  };
  const dossiers = codes.map((code) => watcher.dossiers.get(code));
  const paths = new Map<string, number>();
  const finals = new Map<string, number>();
  const times: number[] = [];
  const unfinished: string[] = [];
  dossiers.forEach((d, i) => {
    if (!d) {
      unfinished.push(`${label(codes[i])}: never announced by the bus (was it received? see lienthong.message-rejected / dead letters)`);
      return;
    }
    const path = d.stages.join(' → ');
    paths.set(path, (paths.get(path) ?? 0) + 1);
    const last = d.stages.at(-1)!;
    const final = last === 'CLOSED' ? `CLOSED (portal ${d.portalStatus})` : last;
    finals.set(final, (finals.get(final) ?? 0) + 1);
    if (watcher.finished(d)) times.push(d.lastAt - d.firstAt);
    else unfinished.push(`${label(d.dossierCode)}: stopped at ${last} (${describeWait(d)})`);
  });
  times.sort((a, b) => a - b);
  const pct = (p: number): string =>
    times.length ? `${(times[Math.min(times.length - 1, Math.floor(p * times.length))] / 1000).toFixed(1)} s` : '-';
  const lines = [
    `\n=== Liên thông demo: ${codes.length} dossiers ===`,
    '\nPaths taken:',
    ...[...paths].sort((a, b) => b[1] - a[1]).map(([path, n]) => `  ${String(n).padStart(3)} × ${path}`),
    '\nFinal states:',
    ...[...finals].sort().map(([state, n]) => `  ${state}: ${n}`),
    ...byDepartment(watcher, codes, departments),
    `\nEnd-to-end time (first to last announcement, finished dossiers): p50 ${pct(0.5)}, p99 ${pct(0.99)}`,
    `Messages on lienthong.events: ${watcher.messages}; rejected by the bus: ${watcher.rejections.length}`,
    unfinished.length
      ? `\nDid not finish (${unfinished.length}):\n${unfinished.map((u) => `  ${u}`).join('\n')}`
      : '\nEvery dossier finished (ARCHIVED or CLOSED).',
  ];
  return { text: lines.join('\n'), unfinished: unfinished.length };
}

/** `By department (finished/submitted):` then `SKHĐT 1/1 · SNN&PTNT 0/1 · …`, in table order, wrapped to short lines. */
function byDepartment(watcher: DossierWatcher, codes: readonly string[], departments: readonly ReportedDepartment[]): string[] {
  const cells = departments.flatMap((department) => {
    const mine = codes.filter((code) => code.startsWith(`${department.agencyCode}-`));
    if (mine.length === 0) return [];
    const finished = mine.filter((code) => {
      const d = watcher.dossiers.get(code);
      return d !== undefined && watcher.finished(d);
    }).length;
    return [`${department.abbreviation} ${finished}/${mine.length}`];
  });
  if (cells.length === 0) return [];
  const lines: string[] = [];
  for (const cell of cells) {
    if (lines.length > 0 && lines[lines.length - 1].length + cell.length + 3 <= 96) lines[lines.length - 1] += ` · ${cell}`;
    else lines.push(`  ${cell}`);
  }
  return [`\nBy department (finished/submitted, ${cells.length} departments):`, ...lines];
}

function describeWait(d: WatchedDossier): string {
  const last = d.stages.at(-1);
  const waitingFor: Record<string, string> = {
    RECEIVED: 'waiting for the appraisal from the one-stop system',
    SENT_FOR_SIGNING: 'waiting for the signed, numbered decision from iOffice',
    NUMBER_REQUESTED: 'waiting for the number from iOffice',
    READY_FOR_ISSUE: 'waiting for the Center to issue the result',
    DELIVERY_ORDERED: 'waiting for the postal delivery',
    AWAITING_HANDOVER: 'waiting for its archive batch to be dispatched',
    HANDOVER_DISPATCHED: 'waiting for the postal delivery of the archive batch',
    HANDOVER_DELIVERED: "waiting for the department clerk's registration (03)",
  };
  return `${waitingFor[last ?? ''] ?? 'waiting'}; last news ${Math.round((Date.now() - d.lastAt) / 1000)} s ago`;
}
