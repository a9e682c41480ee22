/**
 * What each deployed bus service does with messages, read from its source code (the TypeScript compiler's view of it),
 * so that the RabbitMQ permissions derived from it (`scripts/rabbitmq.definitions.ts`) follow the code as it changes:
 *
 * - the deployed services: one per systemd unit in `deploy/systemd` (`ExecStart=… dist/apps/<app>/src/main.js`);
 * - a service's name: the `SERVICE` constant of its app (queue `lienthong.<service>`, heartbeat `heartbeat.<service>`);
 * - what it consumes: the types of its `@OnMessage(…)` handlers, which its queue is bound to at start;
 * - what it publishes: every call of a method named `publish`, `publishIn`, `publishConfirmed` or `write` (the
 *   handler's `BusContext`, `BusPublisher`, `OutboxWriter`, the orchestrator's unit of work) whose type argument the
 *   compiler knows as message-type literals (`'dms.package-sent'`, or a union such as `outgoing.type`).
 *
 * Only the code an app runs counts: the files reachable by imports from `apps/<app>/src/main.ts` (and `cli.ts`, the
 * operators' CLI, where there is one). A call in `libs/` runs in the consume pipeline of whichever service uses it, so
 * it is attributed to every service that consumes (the pipeline publishes `lienthong.message-rejected` for a message
 * that broke the contract; a service without handlers receives nothing to reject).
 *
 * What cannot be read is an error naming the file and line, never a silent guess: a handler type that is not a
 * literal, a call that could publish a one-stop type (a bus service never does; a type that wide cannot be told
 * apart), and a type the routing map says the bus produces that no service was found publishing.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as ts from 'typescript';
import { MESSAGES, MESSAGE_TYPES, type MessageType, isMessageType } from '@lienthong/contracts';

/** The methods through which the bus publishes a message type (each takes the type as its first or second argument). */
const PUBLISHING_METHODS = new Set(['publish', 'publishIn', 'publishConfirmed', 'write']);

/** One place in the code: `apps/orchestrator/src/lifecycle/stage.effects.ts:38`. */
export type Site = string;

/** What one deployed bus service does with messages, as its code says. */
export interface ServiceFlow {
  /** Its directory under `apps/`. */
  readonly app: string;
  /** Its `SERVICE` name: queue `lienthong.<service>`, heartbeat key `heartbeat.<service>`, RabbitMQ user `lienthong-<service>`. */
  readonly service: string;
  /** Types of its `@OnMessage` handlers, in the order of the routing map, each with where it is handled. */
  readonly consumes: ReadonlyMap<MessageType, readonly Site[]>;
  /** Types it publishes, in the order of the routing map, each with where. */
  readonly produces: ReadonlyMap<MessageType, readonly Site[]>;
}

/** The code cannot be read as the generator needs; the message names the file and line, or the unit. */
export class FlowError extends Error {
  override readonly name = 'FlowError';
}

/** The apps a province deploys: one per systemd unit of `deploy/systemd`, in the units' alphabetical order. */
export function deployedApps(root: string): string[] {
  const dir = join(root, 'deploy', 'systemd');
  const apps: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.service'))
    .sort()) {
    const exec = /^ExecStart=.*\/dist\/apps\/([^/\s]+)\/src\/main\.js\s*$/m.exec(readFileSync(join(dir, file), 'utf8'));
    if (!exec) throw new FlowError(`deploy/systemd/${file}: no ExecStart= line running dist/apps/<app>/src/main.js`);
    apps.push(exec[1]);
  }
  return apps;
}

/** Reads the flow of every app in `apps` (directories under `<root>/apps`) from one compilation of their sources. */
export function readBusFlow(root: string, apps: readonly string[]): ServiceFlow[] {
  const options = compilerOptions(root);
  const entries = new Map(
    apps.map((app) => [app, ['main.ts', 'cli.ts'].map((f) => join(root, 'apps', app, 'src', f)).filter((f) => existsSync(f))]),
  );
  for (const [app, files] of entries)
    if (files.length === 0) throw new FlowError(`apps/${app}/src/main.ts does not exist (deploy/systemd names the app ${app})`);
  const program = ts.createProgram([...entries.values()].flat(), options);
  const checker = program.getTypeChecker();
  const where = (node: ts.Node): Site => {
    const file = node.getSourceFile();
    return `${relative(root, file.fileName).split(sep).join('/')}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  };
  const scanned = new Map<ts.SourceFile, FileFindings>();
  const findingsOf = (file: ts.SourceFile): FileFindings => {
    let found = scanned.get(file);
    if (!found) scanned.set(file, (found = scanFile(file, checker, where)));
    return found;
  };

  const flows = [...entries].map(([app, roots]) => {
    const appDir = join(root, 'apps', app) + sep;
    const files = reachableFiles(program, roots, options);
    const consumes = new Map<MessageType, Site[]>();
    const own = new Map<MessageType, Site[]>();
    const fromLibs = new Map<MessageType, Site[]>();
    const services = new Set<string>();
    for (const file of files) {
      const found = findingsOf(file);
      const inApp = file.fileName.startsWith(appDir);
      for (const [type, site] of found.handlers) add(consumes, type, site);
      for (const [type, site] of found.publishes) add(inApp ? own : fromLibs, type, site);
      if (inApp && found.service !== undefined) services.add(found.service);
    }
    if (services.size !== 1) {
      throw new FlowError(
        `apps/${app}: expected one \`export const SERVICE = '<name>'\` among its sources (its queue and heartbeat are named after it), found ${services.size === 0 ? 'none' : [...services].join(', ')}`,
      );
    }
    const produces = new Map(own);
    if (consumes.size > 0) for (const [type, sites] of fromLibs) for (const site of sites) add(produces, type, site);
    return { app, service: [...services][0], consumes: inRoutingOrder(consumes), produces: inRoutingOrder(produces) };
  });

  const byBus = new Set(flows.flatMap((f) => [...f.produces.keys()]));
  const missing = MESSAGE_TYPES.filter((type) => MESSAGES[type].producer === 'lienthong' && !byBus.has(type));
  if (missing.length > 0) {
    throw new FlowError(
      `the routing map says the bus produces ${missing.join(', ')}, but no deployed service was found publishing ${missing.length === 1 ? 'it' : 'them'}: ` +
        `publish through a method named ${[...PUBLISHING_METHODS].join('/')} with the type as a literal (or a union of literals), as every producer does`,
    );
  }
  return flows;
}

interface FileFindings {
  readonly handlers: Array<[MessageType, Site]>;
  readonly publishes: Array<[MessageType, Site]>;
  readonly service: string | undefined;
}

function scanFile(file: ts.SourceFile, checker: ts.TypeChecker, where: (node: ts.Node) => Site): FileFindings {
  const findings: FileFindings & { service: string | undefined } = { handlers: [], publishes: [], service: undefined };
  const visit = (node: ts.Node): void => {
    if (ts.isDecorator(node) && ts.isCallExpression(node.expression) && calleeName(node.expression) === 'OnMessage') {
      const types = node.expression.arguments.length === 1 ? messageTypesOf(checker, node.expression.arguments[0]) : undefined;
      if (!types || types.length !== 1)
        throw new FlowError(
          `${where(node)}: @OnMessage takes one message type, written as a string literal, so that the RabbitMQ permissions can be derived from it`,
        );
      findings.handlers.push([types[0], where(node)]);
    } else if (ts.isCallExpression(node) && PUBLISHING_METHODS.has(calleeName(node) ?? '')) {
      for (const argument of node.arguments.slice(0, 2)) {
        const types = messageTypesOf(checker, argument);
        if (!types) continue;
        const foreign = types.filter((type) => MESSAGES[type].producer !== 'lienthong');
        if (foreign.length > 0) {
          throw new FlowError(
            `${where(node)}: this call may publish ${foreign.length > 3 ? `${foreign.length} types of another system's (${foreign.slice(0, 3).join(', ')}, …)` : foreign.join(', ')}; ` +
              'a bus service publishes only the types the routing map gives the bus: narrow the type argument to the literals it really publishes',
          );
        }
        for (const type of types) findings.publishes.push([type, where(node)]);
      }
    } else if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === 'SERVICE' &&
      node.initializer &&
      ts.isStringLiteral(node.initializer)
    ) {
      findings.service = node.initializer.text;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return findings;
}

/** The message types an expression's type is made of, when it is a string literal or a union of them, all message types. */
function messageTypesOf(checker: ts.TypeChecker, node: ts.Expression): MessageType[] | undefined {
  const type = checker.getTypeAtLocation(node);
  const parts = type.isUnion() ? type.types : [type];
  const values = parts.map((part) => (part.isStringLiteral() ? part.value : undefined));
  return values.every((v): v is MessageType => isMessageType(v)) ? values : undefined;
}

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isIdentifier(callee)) return callee.text;
  return undefined;
}

/** The project's own source files an app loads: reachable from its entry points through static and dynamic imports. */
function reachableFiles(program: ts.Program, roots: readonly string[], options: ts.CompilerOptions): ts.SourceFile[] {
  const seen = new Set<ts.SourceFile>();
  const pending = roots.map((f) => program.getSourceFile(f)!);
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of moduleSpecifiers(file)) {
      const resolved = ts.resolveModuleName(specifier, file.fileName, options, ts.sys).resolvedModule;
      if (!resolved || resolved.isExternalLibraryImport || resolved.resolvedFileName.endsWith('.d.ts')) continue;
      const next = program.getSourceFile(resolved.resolvedFileName);
      if (next && !seen.has(next)) pending.push(next);
    }
  }
  return [...seen];
}

function moduleSpecifiers(file: ts.SourceFile): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
      out.push(node.moduleSpecifier.text);
    else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    )
      out.push(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

function compilerOptions(root: string): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    { noEmit: true },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new FlowError(`tsconfig.json: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      },
    },
  );
  if (!parsed) throw new FlowError(`cannot read ${join(root, 'tsconfig.json')}`);
  return parsed.options;
}

function add<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The map in the order of the routing map, each type's sites sorted (the order files are reached in is no meaning). */
function inRoutingOrder(map: ReadonlyMap<MessageType, Site[]>): ReadonlyMap<MessageType, readonly Site[]> {
  return new Map(MESSAGE_TYPES.filter((type) => map.has(type)).map((type) => [type, [...new Set(map.get(type))].sort()]));
}
