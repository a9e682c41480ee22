/**
 * Writes deploy/rabbitmq/definitions.json and deploy/rabbitmq/permissions.md from the code: the deployed services'
 * handlers and publishes (`rabbitmq.flow.ts`), the routing map and the broker topology (`rabbitmq.definitions.ts`).
 * Run: npm run rabbitmq:definitions          (writes both files, says whether they changed)
 *      npm run rabbitmq:definitions -- --check  (changes nothing; exits 1 when a file is out of date)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDefinitions, renderDefinitions, renderPermissionsPage } from './rabbitmq.definitions';
import { FlowError, type ServiceFlow, deployedApps, readBusFlow } from './rabbitmq.flow';

export const DEFINITIONS_FILE = 'deploy/rabbitmq/definitions.json';
export const PERMISSIONS_PAGE = 'deploy/rabbitmq/permissions.md';

/** The two generated files and their contents, for the code in `root`. */
export function generateRabbitmqFiles(root: string): Record<string, string> {
  return rabbitmqFiles(readBusFlow(root, deployedApps(root)));
}

/** The two generated files and their contents, for a flow already read. */
export function rabbitmqFiles(flows: readonly ServiceFlow[]): Record<string, string> {
  const definitions = buildDefinitions(flows);
  return { [DEFINITIONS_FILE]: renderDefinitions(definitions), [PERMISSIONS_PAGE]: renderPermissionsPage(definitions, flows) };
}

function main(argv: readonly string[]): number {
  const check = argv.includes('--check');
  const unknown = argv.filter((a) => a !== '--check');
  if (unknown.length > 0) {
    console.error(`unknown option ${unknown[0]}; usage: npm run rabbitmq:definitions [-- --check]`);
    return 2;
  }
  const root = join(__dirname, '..');
  let files: Record<string, string>;
  try {
    files = generateRabbitmqFiles(root);
  } catch (error) {
    if (!(error instanceof FlowError)) throw error;
    console.error(`cannot derive the RabbitMQ permissions from the code: ${error.message}`);
    return 1;
  }
  let stale = 0;
  for (const [file, text] of Object.entries(files)) {
    const current = existsSync(join(root, file)) ? readFileSync(join(root, file), 'utf8') : undefined;
    if (current === text) {
      console.log(`${file}: up to date`);
      continue;
    }
    stale++;
    if (check) console.error(`${file}: out of date with the code; run npm run rabbitmq:definitions, review the change and commit it`);
    else {
      writeFileSync(join(root, file), text, 'utf8');
      console.log(`${file}: written`);
    }
  }
  if (!check && stale > 0) console.log('then apply it: npm run ops -- rabbitmq setup (docs/deployment.md, 1.3)');
  return check && stale > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
