import { createHash } from 'node:crypto';
import { DocumentStore } from '../files/document.store';
import { expandTemplates } from './script.template';

describe('expandTemplates', () => {
  const now = new Date('2026-11-28T01:30:00Z');

  it('expands times, the date and the replay token in every string, leaving the rest as it is', () => {
    const files = new DocumentStore('http://127.0.0.1:3103');
    const body = {
      dossierCode: '000.00.12.H36-{{yymmdd}}-S{{run}}',
      receivedAt: '{{now}}',
      dueAt: '{{now+20d}}',
      list: ['{{now-2h}}', '{{now+5m}}', 7, null, '{{unknown}}'],
    };
    expect(expandTemplates(body, { now, run: '7F3A', files })).toEqual({
      dossierCode: '000.00.12.H36-261128-S7F3A',
      receivedAt: '2026-11-28T08:30:00+07:00',
      dueAt: '2026-12-18T08:30:00+07:00',
      list: ['2026-11-28T06:30:00+07:00', '2026-11-28T08:35:00+07:00', 7, null, '{{unknown}}'],
    });
  });

  it('turns { "$pdf": text } into the reference of a PDF it stores', () => {
    const files = new DocumentStore('http://127.0.0.1:3103');
    const expanded = expandTemplates({ file: { $pdf: 'Đơn đề nghị {{run}}' } }, { now, run: 'AB12', files }) as {
      file: { url: string; sha256: string; sizeBytes: number };
    };
    const id = decodeURIComponent(expanded.file.url.split('/files/')[1]);
    const stored = files.get(id)!;
    expect(stored.bytes.toString('latin1')).toContain('(Don de nghi AB12) Tj');
    expect(createHash('sha256').update(stored.bytes).digest('hex')).toBe(expanded.file.sha256);
    expect(stored.bytes.length).toBe(expanded.file.sizeBytes);
  });
});
