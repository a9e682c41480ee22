import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import {
  CONSOLE_SCHEMA,
  type ConfigSchema,
  IOFFICE_ADAPTER_SCHEMA,
  LAUNCHER_SCHEMA,
  OPS_SCHEMA,
  ORCHESTRATOR_SCHEMA,
  POSTAL_ADAPTER_SCHEMA,
  SIM_IOFFICE_SCHEMA,
  SIM_ONESTOP_SCHEMA,
  SIM_POSTAL_SCHEMA,
} from '@lienthong/config';

/**
 * Every environment variable run-time code reads goes through its definition in a schema (libs/config): this
 * scans apps/ and libs/ for reads that bypass it. Tests, test support (`testing/`, `testing.ts`), benches and scripts may read
 * the environment directly; libs/config/src/schema is the one reader.
 */
const ROOT = join(__dirname, '..');
const READER = 'libs/config/src/schema/';
const NOT_RUN_TIME = /(\.spec\.ts|\.int-spec\.ts|\.e2e-spec\.ts)$|\/testing(\/|\.ts$)/;

/** Where a source reads the environment other than through a variable's definition: `line: code`. */
function bypasses(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const environments = new Set<string>();
  const found: string[] = [];
  const at = (node: ts.Node): string => `${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText().slice(0, 80)}`;
  const isProcess = (node: ts.Node): boolean => ts.isIdentifier(node) && node.text === 'process';
  const isEnvironment = (node: ts.Node): boolean =>
    (ts.isIdentifier(node) && environments.has(node.text)) ||
    (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'processEnv');

  // Names declared as an environment object (a parameter or variable typed NodeJS.ProcessEnv or EnvSource).
  const collect = (node: ts.Node): void => {
    if (
      (ts.isParameter(node) || ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) &&
      node.type &&
      /\b(ProcessEnv|EnvSource)\b/.test(node.type.getText()) &&
      ts.isIdentifier(node.name)
    ) {
      environments.add(node.name.text);
    }
    ts.forEachChild(node, collect);
  };
  collect(source);

  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && isProcess(node.expression) && node.name.text === 'env') found.push(at(node));
    else if (ts.isElementAccessExpression(node) && isProcess(node.expression)) found.push(at(node));
    else if (ts.isVariableDeclaration(node) && node.initializer && isProcess(node.initializer) && ts.isObjectBindingPattern(node.name))
      found.push(at(node));
    else if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && isEnvironment(node.expression))
      found.push(at(node));
    else if (ts.isVariableDeclaration(node) && node.initializer && isEnvironment(node.initializer) && ts.isObjectBindingPattern(node.name))
      found.push(at(node));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function runTimeSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : runTimeSources(path);
    const name = relative(ROOT, path);
    return name.endsWith('.ts') && !NOT_RUN_TIME.test(`/${name}`) && !name.startsWith(READER) ? [name] : [];
  });
}

describe('environment reads', () => {
  it('in run-time code, all go through a variable of a configuration schema (libs/config)', () => {
    const files = [...runTimeSources(join(ROOT, 'apps')), ...runTimeSources(join(ROOT, 'libs'))];
    expect(files.length).toBeGreaterThan(200);
    const found = files.flatMap((file) => bypasses(file, readFileSync(join(ROOT, file), 'utf8')).map((where) => `${file}:${where}`));
    expect(found).toEqual([]);
  });

  it("in each app, only variables of that app's schema: start-up checks everything the app reads", () => {
    const schemas: Record<string, readonly ConfigSchema[]> = {
      orchestrator: [ORCHESTRATOR_SCHEMA],
      'ioffice-adapter': [IOFFICE_ADAPTER_SCHEMA],
      'postal-adapter': [POSTAL_ADAPTER_SCHEMA],
      console: [CONSOLE_SCHEMA, OPS_SCHEMA],
      launcher: [LAUNCHER_SCHEMA],
      'sim-ioffice': [SIM_IOFFICE_SCHEMA],
      'sim-postal': [SIM_POSTAL_SCHEMA],
      'sim-onestop': [SIM_ONESTOP_SCHEMA],
    };
    expect(Object.keys(schemas).sort()).toEqual(readdirSync(join(ROOT, 'apps')).sort());
    const undeclared: string[] = [];
    let reads = 0;
    for (const [app, declared] of Object.entries(schemas)) {
      for (const file of runTimeSources(join(ROOT, 'apps', app))) {
        for (const [, name] of readFileSync(join(ROOT, file), 'utf8').matchAll(/\.([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\.(?:read|given)\(/g)) {
          reads += 1;
          if (!declared.some((schema) => schema.has(name))) undeclared.push(`${file}: ${name}`);
        }
      }
    }
    expect(reads).toBeGreaterThan(100);
    expect(undeclared).toEqual([]);
  });

  it('the scan finds every way of reading around the schema it knows of', () => {
    const samples = [
      'const tick = Number(process.env.LIFECYCLE_TICK_MS ?? 30000);',
      "const tick = process.env['LIFECYCLE_TICK_MS'];",
      "const env = process['env'];",
      'const { env } = process;',
      'export function f(env: NodeJS.ProcessEnv = process.env) { return env.HOLD_MS; }',
      "function f(env: EnvSource) { return env['HOLD_MS']; }",
      'function f(vars: EnvSource) { const { HOLD_MS } = vars; return HOLD_MS; }',
      'const hold = processEnv().HOLD_MS;',
      'class A { private readonly env: NodeJS.ProcessEnv = {}; f() { return this.env && env.X; } }',
    ];
    for (const sample of samples) expect([sample, bypasses('sample.ts', sample).length > 0]).toEqual([sample, true]);
  });

  it('lets the schema be used: reading a variable, passing an environment on', () => {
    const fine = [
      "import { ORCHESTRATOR_ENV } from '@lienthong/config';\nconst tick = ORCHESTRATOR_ENV.LIFECYCLE_TICK_MS.read();",
      'export function f(env: EnvSource = processEnv()) { return BUS_ENV.AMQP_URL.read(env); }',
      'const child = inheritedEnvironment({ HTTP_PORT: "3001" });',
      'process.exit(1); process.stderr.write("x");',
    ];
    for (const sample of fine) expect([sample, bypasses('sample.ts', sample)]).toEqual([sample, []]);
  });
});
