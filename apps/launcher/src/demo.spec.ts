import { join } from 'node:path';
import { loadDepartments } from '@lienthong/config';
import { DossierWatcher } from '@lienthong/runtime';
import { demoReport } from './demo';

describe('the demo report', () => {
  const departments = loadDepartments(join(__dirname, '../../../config/departments.yaml')).all;
  const FULL = [
    'RECEIVED',
    'AWAITING_APPROVAL',
    'SENT_FOR_SIGNING',
    'SIGNED',
    'NUMBERED',
    'READY_FOR_ISSUE',
    'ISSUED',
    'RETURNED',
    'AWAITING_HANDOVER',
    'HANDOVER_DISPATCHED',
    'HANDOVER_DELIVERED',
    'ARCHIVED',
  ];

  /** One dossier per department of the shipped table, as the demo submits them; the last one stalls. */
  function run(): { watcher: DossierWatcher; codes: string[] } {
    const watcher = new DossierWatcher();
    const codes = departments.map((d, i) => `${d.agencyCode}-261128-${String(i + 1).padStart(4, '0')}`);
    codes.forEach((code, i) => {
      const stages = i === codes.length - 1 ? FULL.slice(0, 9) : FULL;
      watcher.dossiers.set(code, { dossierCode: code, stages: [...stages], firstAt: 1_000, lastAt: 1_000 + 1_000 * (i + 1) });
    });
    return { watcher, codes };
  }

  it("stays short with a province's twenty departments, naming each by its abbreviation", () => {
    const { watcher, codes } = run();
    const { text, unfinished } = demoReport(watcher, codes, departments);
    expect(unfinished).toBe(1);
    const section = text.split('\n\n').find((part) => part.startsWith('By department'))!;
    const lines = section.split('\n');
    expect(lines[0]).toBe(`By department (finished/submitted, ${departments.length} departments):`);
    // Twenty departments on a handful of lines, none wider than a terminal.
    expect(lines.length).toBeLessThanOrEqual(5);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(section).toContain('SKHĐT 1/1');
    expect(section).toContain('SNN&PTNT 1/1');
    expect(section).toContain(`${departments.at(-1)!.abbreviation} 0/1`);
    // The dossier that did not finish names its department, in Vietnamese.
    expect(text).toContain(`${codes.at(-1)} (${departments.at(-1)!.abbreviation}): stopped at AWAITING_HANDOVER`);
  });

  it('reads without a department table (a dossier code that names no department is shown alone)', () => {
    const { watcher, codes } = run();
    const { text } = demoReport(watcher, codes);
    expect(text).not.toContain('By department');
    expect(text).toContain(`${codes.at(-1)}: stopped at AWAITING_HANDOVER`);
  });
});
