import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMAS } from '@lienthong/config';
import { CONFIGURATION_FILE, ENV_EXAMPLE_FILE, renderEnvExample, renderVariables, updateConfigurationMd } from './config.document';

const read = (file: string): string => readFileSync(join(__dirname, '..', file), 'utf8');

describe('docs/configuration.md and .env.example', () => {
  const names = [...new Set(SCHEMAS.flatMap((schema) => Object.keys(schema.variables)))];

  it('are up to date with the configuration schemas', () => {
    if (updateConfigurationMd(read(CONFIGURATION_FILE)) !== read(CONFIGURATION_FILE))
      throw new Error(`${CONFIGURATION_FILE} is out of date with libs/config/src/services: run npm run config:docs`);
    if (renderEnvExample() !== read(ENV_EXAMPLE_FILE))
      throw new Error(`${ENV_EXAMPLE_FILE} is out of date with libs/config/src/services: run npm run config:docs`);
  });

  it('are generated deterministically', () => {
    expect(renderVariables()).toBe(renderVariables());
    expect(renderEnvExample()).toBe(renderEnvExample());
  });

  it('list every variable of every process, with its form and default', () => {
    const doc = read(CONFIGURATION_FILE);
    const example = read(ENV_EXAMPLE_FILE);
    expect(names.length).toBeGreaterThan(90);
    for (const name of names) {
      expect([name, doc.includes(`| \`${name}\` |`)]).toEqual([name, true]);
      expect([name, new RegExp(`^#${name}=`, 'm').test(example)]).toEqual([name, true]);
    }
    for (const schema of SCHEMAS) expect(doc).toContain(`\n## ${schema.service}\n`);
  });

  it('keep the hand-written parts around the generated one', () => {
    const doc = read(CONFIGURATION_FILE);
    for (const heading of ['## Adding a variable', '## RabbitMQ users and permissions', '## Department routing table', '## Tests'])
      expect(doc).toContain(heading);
    const swapped = updateConfigurationMd('intro\n<!-- BEGIN GENERATED: variables -->\nold\n<!-- END GENERATED: variables -->\nafter\n');
    expect(swapped.startsWith('intro\n<!-- BEGIN GENERATED: variables (')).toBe(true);
    expect(swapped.endsWith('<!-- END GENERATED: variables -->\nafter\n')).toBe(true);
    expect(swapped).not.toContain('\nold\n');
    expect(() => updateConfigurationMd('no markers')).toThrow(/has no generated section/);
  });

  it("never write a secret's development value into the example file", () => {
    expect(read(ENV_EXAMPLE_FILE)).not.toMatch(/not-for-production|lienthong-secret|lienthong-webhook-secret/);
    expect(read(ENV_EXAMPLE_FILE)).toMatch(/^#SERVICE_TOKEN=$/m);
  });
});
