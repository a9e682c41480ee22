import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MESSAGES, MESSAGE_TYPES } from '@lienthong/contracts';
import { DEFINITIONS_FILE, PERMISSIONS_PAGE, rabbitmqFiles } from './generate-rabbitmq-definitions';
import { FlowError, type ServiceFlow, deployedApps, readBusFlow } from './rabbitmq.flow';

const ROOT = join(__dirname, '..');

describe('deploy/rabbitmq (npm run rabbitmq:definitions)', () => {
  let flows: ServiceFlow[];
  beforeAll(() => {
    flows = readBusFlow(ROOT, deployedApps(ROOT));
  }, 60_000);

  it('holds exactly what the generator derives from the code', () => {
    const generated = rabbitmqFiles(flows);
    for (const [file, text] of Object.entries(generated)) {
      if (readFileSync(join(ROOT, file), 'utf8') !== text)
        throw new Error(
          `${file} is out of date with the code: run npm run rabbitmq:definitions, review the change, commit it, and apply it (npm run ops -- rabbitmq setup)`,
        );
    }
    expect(Object.keys(generated)).toEqual([DEFINITIONS_FILE, PERMISSIONS_PAGE]);
  });

  it('finds the deployed services, what their handlers consume and what they publish', () => {
    const view = (f: ServiceFlow): [string, string[], string[]] => [f.service, [...f.consumes.keys()], [...f.produces.keys()]];
    expect(flows.map(view)).toEqual([
      ['console', [], []],
      [
        'ioffice-adapter',
        ['dms.send-requested'],
        ['lienthong.message-rejected', 'dms.package-sent', 'dms.status-received', 'dms.decision-received'],
      ],
      [
        'orchestrator',
        MESSAGE_TYPES.filter(
          (t) =>
            MESSAGES[t].producer === 'onestop' ||
            [
              'dms.package-sent',
              'dms.status-received',
              'dms.decision-received',
              'postal.order-created',
              'postal.tracking-received',
            ].includes(t) ||
            t.startsWith('orchestrator.'),
        ),
        [
          'dossier.status-changed',
          'decision.ready-for-issue',
          'decision.signing-declined',
          'postal.shipment-updated',
          'archive.handover-updated',
          'lienthong.message-rejected',
          'dms.send-requested',
          'postal.order-requested',
          'orchestrator.dossier-step-requested',
          'orchestrator.batch-step-requested',
        ],
      ],
      ['postal-adapter', ['postal.order-requested'], ['lienthong.message-rejected', 'postal.order-created', 'postal.tracking-received']],
    ]);
    // where: the handler, the outbox call (a union-typed one counts for each member), the consume pipeline of a library
    const ioffice = flows.find((f) => f.service === 'ioffice-adapter')!;
    expect(ioffice.consumes.get('dms.send-requested')).toEqual([
      expect.stringMatching(/^apps\/ioffice-adapter\/src\/sending\/dms-send-requested\.handler\.ts:\d+$/),
    ]);
    expect(ioffice.produces.get('dms.decision-received')).toEqual([
      expect.stringMatching(/^apps\/ioffice-adapter\/src\/receiving\/received-package\.processor\.ts:\d+$/),
    ]);
    expect(ioffice.produces.get('lienthong.message-rejected')).toEqual([
      expect.stringMatching(/^libs\/messaging\/src\/pipeline\/consume\.pipeline\.ts:\d+$/),
    ]);
  });
});

/**
 * The reader on a small project of its own (no import of the real code): what counts as a handler and as a publish,
 * and each way it refuses to guess.
 */
describe('reading the flow from the code', () => {
  let root: string;
  const write = (file: string, text: string): void => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  const unit = (app: string): string => `[Service]\nExecStart=/usr/bin/node /opt/lienthong/dist/apps/${app}/src/main.js\n`;
  const busTypes = MESSAGE_TYPES.filter((t) => MESSAGES[t].producer === 'lienthong');
  const union = (types: readonly string[]): string => types.map((t) => `'${t}'`).join(' | ');
  const DECLARATIONS = [
    'export declare function OnMessage(type: string): MethodDecorator;',
    'export declare const ctx: { publish<T extends string>(type: T, body: unknown): Promise<void>; notify(type: string): void };',
    'export declare const publisher: { publishIn<T extends string>(tx: unknown, type: T, body: unknown): Promise<string> };',
  ].join('\n');

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'lienthong-flow-'));
    write(
      'tsconfig.json',
      JSON.stringify({
        compilerOptions: {
          strict: true,
          experimentalDecorators: true,
          target: 'ES2022',
          module: 'commonjs',
          types: [],
          baseUrl: '.',
          paths: { '@lib/*': ['libs/*'] },
        },
      }),
    );
    write('deploy/systemd/lienthong-alpha.service', unit('alpha'));
    write('deploy/systemd/lienthong-beta.service', unit('beta'));
    write('libs/bus.ts', DECLARATIONS);
    write(
      'libs/pipeline.ts',
      "import { ctx } from './bus';\nexport const reject = (): Promise<void> => ctx.publish('lienthong.message-rejected', {});\n",
    );
    write('apps/alpha/src/main.ts', "import '@lib/pipeline';\nimport './handlers';\nexport const SERVICE = 'alpha';\n");
    write(
      'apps/alpha/src/handlers.ts',
      [
        "import { OnMessage, ctx, publisher } from '@lib/bus';",
        `declare const outgoing: { type: ${union(['dms.status-received', 'dms.decision-received'])} };`,
        'export class Handlers {',
        "  @OnMessage('onestop.dossier.received')",
        "  async received(): Promise<void> { await ctx.publish('dossier.status-changed', {}); }",
        '  async polled(): Promise<void> { await publisher.publishIn(undefined, outgoing.type, {}); }',
        // not a publishing method, and a content type: neither counts
        "  other(): void { ctx.notify('decision.ready-for-issue'); void ctx.publish('application/pdf', {}); }",
        '}',
      ].join('\n'),
    );
    const rest = busTypes.filter(
      (t) => !['dossier.status-changed', 'dms.status-received', 'dms.decision-received', 'lienthong.message-rejected'].includes(t),
    );
    write(
      'apps/beta/src/main.ts',
      `import { ctx } from '@lib/bus';\nimport '@lib/pipeline';\nexport const SERVICE = 'beta-service';\ndeclare const rest: ${union(rest)};\nvoid ctx.publish(rest, {});\n`,
    );
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('counts handlers and publishing calls with literal types, a library call only for a service that consumes', () => {
    expect(deployedApps(root)).toEqual(['alpha', 'beta']);
    const [alpha, beta] = readBusFlow(root, deployedApps(root));
    expect([alpha.service, [...alpha.consumes.keys()], [...alpha.produces.keys()]]).toEqual([
      'alpha',
      ['onestop.dossier.received'],
      ['dossier.status-changed', 'lienthong.message-rejected', 'dms.status-received', 'dms.decision-received'],
    ]);
    expect(alpha.produces.get('lienthong.message-rejected')).toEqual(['libs/pipeline.ts:2']);
    expect(alpha.consumes.get('onestop.dossier.received')).toEqual(['apps/alpha/src/handlers.ts:4']);
    expect(beta.service).toBe('beta-service');
    expect(beta.consumes.size).toBe(0);
    expect(beta.produces.has('lienthong.message-rejected')).toBe(false);
  });

  it('refuses a handler type it cannot read, naming the file and line', () => {
    write(
      'apps/alpha/src/handlers.ts',
      "import { OnMessage } from '@lib/bus';\ndeclare const type: string;\nexport class H {\n  @OnMessage(type)\n  h(): void {}\n}\n",
    );
    expect(() => readBusFlow(root, ['alpha', 'beta'])).toThrow(
      new FlowError(
        'apps/alpha/src/handlers.ts:4: @OnMessage takes one message type, written as a string literal, so that the RabbitMQ permissions can be derived from it',
      ),
    );
  });

  it("refuses a call that could publish another system's type (too wide a type argument)", () => {
    write(
      'apps/alpha/src/handlers.ts',
      `import { ctx } from '@lib/bus';\ndeclare const any: ${union(MESSAGE_TYPES)};\nvoid ctx.publish(any, {});\n`,
    );
    expect(() => readBusFlow(root, ['alpha', 'beta'])).toThrow(
      /^apps\/alpha\/src\/handlers\.ts:3: this call may publish 6 types of another system's \(onestop\.dossier\.received, /,
    );
  });

  it('refuses a bus type that no deployed service is found publishing (through a wrapper of another name; a library call without handlers)', () => {
    write(
      'apps/alpha/src/handlers.ts',
      "import { ctx } from '@lib/bus';\nconst announce = <T extends string>(type: T): Promise<void> => ctx.publish(type, {});\nvoid announce('dossier.status-changed');\n",
    );
    expect(() => readBusFlow(root, ['alpha', 'beta'])).toThrow(
      /^the routing map says the bus produces dossier\.status-changed, lienthong\.message-rejected, dms\.status-received, dms\.decision-received, but no deployed service was found publishing them/,
    );
  });

  it('needs one SERVICE name per app, and an ExecStart per unit', () => {
    write('apps/alpha/src/main.ts', "import './handlers';\n");
    expect(() => readBusFlow(root, ['alpha', 'beta'])).toThrow(
      "apps/alpha: expected one `export const SERVICE = '<name>'` among its sources (its queue and heartbeat are named after it), found none",
    );
    write('deploy/systemd/lienthong-gamma.service', '[Service]\nExecStart=/usr/bin/true\n');
    expect(() => deployedApps(root)).toThrow(
      'deploy/systemd/lienthong-gamma.service: no ExecStart= line running dist/apps/<app>/src/main.js',
    );
  });
});
