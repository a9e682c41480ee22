import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { organDirectoryFrom } from '../config/department.directory';
import { IofficeSimulator, type IofficeSimulatorOptions, startIofficeSimulator } from '../ioffice.simulator';

/** The Center and one department (Sở Xây dựng), the smallest province a suite of the SOAP contract needs. */
export const TEST_CENTER = '000.00.01.H36';
export const TEST_SXD = '000.00.12.H36';
export const ONE_DEPARTMENT = organDirectoryFrom(
  {
    center: { organId: TEST_CENTER, name: 'Trung tâm' },
    departments: [{ organId: TEST_SXD, agencyCode: TEST_SXD, name: 'Sở Xây dựng', abbreviation: 'SXD' }],
  },
  'inline',
);

/** The WS-Security UsernameToken the simulator accepts by default. */
export const TEST_AUTH = { username: 'lienthong', password: 'lienthong-secret' };

/**
 * One simulator for a suite: on a free port, quiet, answering at once, with a PKI directory of its own; started
 * before the suite's tests and closed (its directory removed) after them. Call it in the `describe` body; the
 * returned function gives the running simulator.
 */
export function simulatorForSuite(directory: IofficeSimulatorOptions['directory'], name: string): () => IofficeSimulator {
  let sim: IofficeSimulator | undefined;
  let pkiDir: string | undefined;
  beforeAll(async () => {
    pkiDir = mkdtempSync(join(tmpdir(), `sim-ioffice-${name}-`));
    sim = await startIofficeSimulator({ port: 0, directory, pkiDir, stepDelayMs: 0, log: () => undefined });
  });
  afterAll(async () => {
    await sim?.close();
    if (pkiDir) rmSync(pkiDir, { recursive: true, force: true });
  });
  return () => {
    if (!sim) throw new Error('the simulator is started in beforeAll: use it inside a test or a hook');
    return sim;
  };
}
