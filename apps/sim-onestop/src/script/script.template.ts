import { minimalPdf } from '../files/minimal-pdf';
import type { FileSink } from '../files/document.store';
import { toVietnamIso, vietnamYymmdd } from '../shared/vietnam-time';

/** What placeholders expand to during one replay. */
export interface TemplateContext {
  readonly now: Date;
  /** A token unique to this replay (e.g. `7F3A`), so a script can be replayed without reusing dossier codes. */
  readonly run: string;
  readonly files: FileSink;
}

const PLACEHOLDER = /\{\{(now(?:[+-]\d+[dhm])?|yymmdd|run)\}\}/g;
const UNIT_MS: Readonly<Record<string, number>> = { d: 86_400_000, h: 3_600_000, m: 60_000 };

/**
 * Expands a script's placeholders, so a script stays valid whenever it is replayed:
 * - in strings, `{{now}}` (e.g. `2026-11-28T08:30:00+07:00`), `{{now+20d}}`, `{{now-2h}}`, `{{now+5m}}`,
 *   `{{yymmdd}}` (`261128`) and `{{run}}` (this replay's token);
 * - an object `{ "$pdf": "some text" }` becomes the file reference of a one-page PDF of that text, served
 *   by the simulator (so the bus can fetch and verify it).
 */
export function expandTemplates(value: unknown, ctx: TemplateContext): unknown {
  if (typeof value === 'string') return expandString(value, ctx);
  if (Array.isArray(value)) return value.map((item) => expandTemplates(item, ctx));
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1 && keys[0] === '$pdf' && typeof object.$pdf === 'string') {
    const text = expandString(object.$pdf, ctx);
    return ctx.files.put(`script-${ctx.run}.pdf`, minimalPdf([text]), 'application/pdf');
  }
  return Object.fromEntries(keys.map((key) => [key, expandTemplates(object[key], ctx)]));
}

function expandString(text: string, ctx: TemplateContext): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    if (name === 'run') return ctx.run;
    if (name === 'yymmdd') return vietnamYymmdd(ctx.now);
    const shift = /^now([+-])(\d+)([dhm])$/.exec(name);
    const offset = shift ? (shift[1] === '-' ? -1 : 1) * Number(shift[2]) * UNIT_MS[shift[3]] : 0;
    return toVietnamIso(new Date(ctx.now.getTime() + offset));
  });
}
