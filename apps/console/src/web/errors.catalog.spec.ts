import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONSOLE_ERRORS } from './errors.filter';
import { publicDir } from './ui.controller';

/**
 * Every error code the console can answer with has a status in CONSOLE_ERRORS and a text in both UI languages, so
 * an operator never sees a bare code or an English message in the Vietnamese dashboard.
 */
describe('console error codes', () => {
  const src = join(__dirname, '..');
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return ['testing', 'ops'].includes(e.name) ? [] : files(path); // ops/: the CLI's own codes, printed in English on a terminal
      return e.name.endsWith('.ts') && !e.name.endsWith('spec.ts') && e.name !== 'cli.ts' ? [path] : [];
    });
  const dictionary = (lang: string): Record<string, string> =>
    JSON.parse(readFileSync(join(publicDir(), 'i18n', `${lang}.json`), 'utf8')) as Record<string, string>;

  it("are all in CONSOLE_ERRORS (every code literal of the console's web and operations code)", () => {
    const raised = new Map<string, string>();
    for (const file of files(src)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/'((?:AUTH|CONSOLE|USER|DEAD_LETTER|CONTRACT|AMQP|HTTP)\.[A-Z0-9_]+)'/g))
        raised.set(m[1], relative(src, file));
    }
    raised.delete('CONSOLE.UI_MISSING'); // a start-up failure, never an HTTP answer
    expect(raised.size).toBeGreaterThan(20);
    expect([...raised].filter(([code]) => !(code in CONSOLE_ERRORS)).map(([code, file]) => `${code} (${file})`)).toEqual([]);
  });

  it.each(['vi', 'en'])('have a text in %s.json', (lang) => {
    const texts = dictionary(lang);
    expect(Object.keys(CONSOLE_ERRORS).filter((code) => !texts[`error.${code}`]?.trim())).toEqual([]);
  });

  it('leave no text for a code the console does not have', () => {
    expect(Object.keys(dictionary('vi')).filter((k) => k.startsWith('error.') && !(k.slice('error.'.length) in CONSOLE_ERRORS))).toEqual(
      [],
    );
  });
});
