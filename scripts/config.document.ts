import { type ConfigSchema, SCHEMAS, type Variable } from '@lienthong/config';

/** Where the generated documents live, relative to the repository root. */
export const CONFIGURATION_FILE = 'docs/configuration.md';
export const ENV_EXAMPLE_FILE = '.env.example';

const BEGIN = '<!-- BEGIN GENERATED: variables (npm run config:docs, from libs/config/src/services; edit there, not here) -->';
const END = '<!-- END GENERATED: variables -->';

type AnyVariable = Variable<unknown>;

/** Each variable name, the schemas that read it, and its definition (the first schema's). */
interface Entry {
  readonly name: string;
  readonly variable: AnyVariable;
  readonly readers: ReadonlyArray<{ readonly schema: ConfigSchema; readonly variable: AnyVariable }>;
}

function entries(): Entry[] {
  const byName = new Map<string, Array<{ schema: ConfigSchema; variable: AnyVariable }>>();
  for (const schema of SCHEMAS) {
    for (const variable of Object.values(schema.variables) as AnyVariable[]) {
      byName.set(variable.name, [...(byName.get(variable.name) ?? []), { schema, variable }]);
    }
  }
  return [...byName].map(([name, readers]) => ({ name, readers, variable: readers[0].variable }));
}

/** Whether the processes reading a shared variable have different defaults (each section then states its own). */
const defaultsDiffer = (entry: Entry): boolean => new Set(entry.readers.map((r) => r.variable.describeDefault())).size > 1;

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string): string => `\`${text}\``;

function shownDefault(variable: AnyVariable): string {
  const text = variable.describeDefault();
  if (text === undefined) return 'none';
  return variable.spec.defaultText !== undefined ? text : code(text.replace(/^"(.*)"$/, '$1'));
}

const production = (variable: AnyVariable): string => variable.spec.production?.doc ?? '';

function row(variable: AnyVariable, extra: string[] = [], shown = shownDefault(variable)): string {
  return `| ${[code(variable.name), variable.spec.doc, variable.kind.form, shown, production(variable), ...extra].map(cell).join(' | ')} |`;
}

/** The generated part of docs/configuration.md. */
export function renderVariables(): string {
  const all = entries();
  const shared = all.filter((e) => e.readers.length > 1);
  const lines: string[] = [
    BEGIN,
    '',
    'How values are written, for every variable:',
    '',
    '- durations are in **milliseconds** and sizes in **bytes**, in digits only: `15s` or `50MB` is refused, with the',
    '  value converted in the message (`15000`; `52428800` or `50000000`); lists are comma-separated;',
    '- an empty or blank value counts as unset (the default applies), except where the form says otherwise;',
    '- secrets appear in messages by their length only, and passwords in URLs as `***`;',
    '- **in production** (`NODE_ENV=production`) the rule of the last column applies: "required" means the variable',
    '  must be set, and a secret set to its published development value is refused too. Outside production the',
    '  defaults work on one machine (`npm start`, the demo, the tests) and one warning at start-up names those in use.',
    '',
    '## Shared by several processes',
    '',
    'Defined once; each process that reads one lists it in its own section below, with its own default where it differs.',
    '',
    '| variable | meaning | form | default | in production | read by |',
    '|---|---|---|---|---|---|',
    ...shared.map((e) =>
      row(e.variable, [e.readers.map((r) => r.schema.service).join(', ')], defaultsDiffer(e) ? 'each process its own (below)' : undefined),
    ),
  ];
  for (const schema of SCHEMAS) {
    const own = all.filter((e) => e.readers.length === 1 && e.readers[0].schema === schema);
    const sharedHere = shared.filter((e) => e.readers.some((r) => r.schema === schema));
    const differing = sharedHere
      .filter(defaultsDiffer)
      .map((e) => `${code(e.name)} ${shownDefault(e.readers.find((r) => r.schema === schema)!.variable)}`);
    lines.push('', `## ${schema.service}`, '', `${schema.summary[0].toUpperCase()}${schema.summary.slice(1)}.`, '');
    lines.push(
      `Shared variables it reads: ${sharedHere.map((e) => code(e.name)).join(', ')}${differing.length ? `; its own defaults: ${differing.join('; ')}` : ''}.`,
    );
    if (own.length)
      lines.push(
        '',
        '| variable | meaning | form | default | in production |',
        '|---|---|---|---|---|',
        ...own.map((e) => row(e.variable)),
      );
  }
  lines.push('', END);
  return lines.join('\n');
}

/** docs/configuration.md with its generated part replaced (the hand-written parts around it are kept). */
export function updateConfigurationMd(current: string): string {
  const begin = current.indexOf('<!-- BEGIN GENERATED: variables');
  const end = current.indexOf(END);
  if (begin < 0 || end < begin)
    throw new Error(`${CONFIGURATION_FILE} has no generated section: put the lines "${BEGIN}" and "${END}" where it goes`);
  return `${current.slice(0, begin)}${renderVariables()}${current.slice(end + END.length)}`;
}

/** A value as it is written in an environment file. */
function envText(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  if (value === null) return 'off';
  return String(value);
}

const sentence = (text: string): string => `${text[0].toUpperCase()}${text.slice(1)}.`;

function envLines(variable: AnyVariable, ownDefaults = false): string[] {
  const comment = [`# ${sentence(variable.spec.doc)}`, `#   form: ${variable.kind.form}`];
  const rule = production(variable);
  if (rule) comment.push(`#   in production: ${rule}`);
  const value = variable.spec.default;
  if (ownDefaults) {
    comment.push('#   default: each process its own (in its section below)');
    return [...comment, `#${variable.name}=`, ''];
  }
  if (value === undefined && variable.spec.defaultText) comment.push(`#   default: ${variable.spec.defaultText.replace(/`/g, '')}`);
  // Secrets: never their development value, which production refuses anyway.
  const example = value === undefined || variable.kind.masked ? '' : envText(value);
  return [...comment, `#${variable.name}=${example}`, ''];
}

/** .env.example: every variable, commented out at its default, per process. */
export function renderEnvExample(): string {
  const all = entries();
  const shared = all.filter((e) => e.readers.length > 1);
  const lines = [
    '# Liên thông: every environment variable, by process. Generated by `npm run config:docs` from',
    '# libs/config/src/services: edit there, not here. Meaning, forms and production rules: docs/configuration.md.',
    '#',
    '# Each line is commented out at its default. Durations are in milliseconds, sizes in bytes (digits only).',
    '# With NODE_ENV=production, every variable marked "in production: required" must be set.',
    '',
    '# ===== shared by several processes =====',
    '',
    ...shared.flatMap((e) => envLines(e.variable, defaultsDiffer(e))),
  ];
  for (const schema of SCHEMAS) {
    const own = all.filter((e) => e.readers.length === 1 && e.readers[0].schema === schema);
    const differing = shared.filter(defaultsDiffer).flatMap((e) => e.readers.filter((r) => r.schema === schema).map((r) => r.variable));
    if (!own.length && !differing.length) continue;
    lines.push(`# ===== ${schema.service}: ${schema.summary} =====`, '');
    for (const variable of differing)
      lines.push(
        `# ${variable.name}, this process's default${variable.spec.defaultText ? `: ${variable.spec.defaultText.replace(/`/g, '')}` : ''}`,
        `#${variable.name}=${envText(variable.spec.default)}`,
        '',
      );
    lines.push(...own.flatMap((e) => envLines(e.variable)));
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
