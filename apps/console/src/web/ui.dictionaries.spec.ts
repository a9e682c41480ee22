import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { publicDir } from './ui.controller';

/** Every UI string exists in both languages, and every key the scripts use is in the dictionaries. */
describe('UI dictionaries', () => {
  const root = publicDir();
  const vi = JSON.parse(readFileSync(join(root, 'i18n', 'vi.json'), 'utf8')) as Record<string, string>;
  const en = JSON.parse(readFileSync(join(root, 'i18n', 'en.json'), 'utf8')) as Record<string, string>;

  it('have the same keys, none empty, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const [key, text] of Object.entries(vi)) {
      expect(text.trim()).not.toBe('');
      expect(en[key].trim()).not.toBe('');
      const names = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect([key, names(en[key])]).toEqual([key, names(text)]);
    }
  });

  it('contain every key the scripts use', () => {
    const files = [
      'app.js',
      ...readdirSync(join(root, 'views')).map((f) => `views/${f}`),
      ...readdirSync(join(root, 'lib')).map((f) => `lib/${f}`),
    ];
    const used = new Set<string>();
    for (const file of files) {
      const source = readFileSync(join(root, file), 'utf8');
      for (const m of source.matchAll(/\bt\('([a-zA-Z0-9.-]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((key) => !(key in vi))).toEqual([]);
  });
});
