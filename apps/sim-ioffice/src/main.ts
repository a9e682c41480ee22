import { mkdirSync, writeFileSync } from 'fs';
import { dirname } from 'path';
import { SIM_IOFFICE_SCHEMA, loadConfigOrExit } from '@lienthong/config';
import { loadOrganDirectory } from './config/department.directory';
import { startIofficeSimulator } from './ioffice.simulator';
import { generateTestPki } from './pki/test-pki';

/**
 * Standalone VNPT-iOffice simulator.
 *   node dist/apps/sim-ioffice/src/main.js                      serve (IOFFICE_SIM_PORT, default 3101)
 *   node dist/apps/sim-ioffice/src/main.js --write-trust-anchors <file>
 *                                                              write the test CA (trust anchor) PEM and exit
 */
async function main(argv: string[]): Promise<void> {
  const config = loadConfigOrExit(SIM_IOFFICE_SCHEMA);
  const flag = argv.indexOf('--write-trust-anchors');
  if (flag >= 0) {
    const target = argv[flag + 1];
    if (!target) throw new Error('SIM_IOFFICE.USAGE: --write-trust-anchors needs a file path, e.g. data/pki/trust-anchors.pem');
    const directory = loadOrganDirectory(config.DEPARTMENTS_FILE, config.CENTER_ORGAN_ID);
    const pki = generateTestPki(config.IOFFICE_SIM_PKI_DIR, {
      organs: directory.departments.map((d) => ({ organId: d.organId, name: d.name })),
    });
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, pki.trustAnchorPem);
    console.log(`[sim-ioffice] trust anchors written to ${target} (test CA in ${pki.dir})`);
    return;
  }
  const simulator = await startIofficeSimulator();
  console.log(`[sim-ioffice] VNPT-iOffice simulator at ${simulator.url} (WSDL ${simulator.wsdlUrl}, admin ${simulator.adminUrl})`);
  console.log(`[sim-ioffice] trust anchor: ${simulator.trustAnchorsFile}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[sim-ioffice] ${signal}: shutting down`);
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`[sim-ioffice] ${(error as Error).message ?? String(error)}`);
  process.exit(1);
});
