import { IServices } from 'soap';
import { appliesTo, IofficeFaults } from '../faults/fault.config';
import { SeededRandom } from '../faults/seeded-random';
import { CancelledError } from '../workflow/scheduler';
import { EdocOperation, EDOC_OPERATIONS } from './edoc.wsdl';
import { EdocFault, soapFaultOf } from './edoc.fault';
import { EdocOperations } from './edoc.operations';
import { checkUsernameToken, Credentials } from './ws-security';

/** What the SOAP binding adds around the operations: authentication and the BUSY fault. */
export interface SoapServiceDeps {
  operations: EdocOperations;
  credentials: Credentials;
  faults: () => Readonly<IofficeFaults>;
  random: () => SeededRandom;
  log: (line: string) => void;
}

/**
 * The `services` object for `soap.listen`: service EdocService, port EdocPort, one handler per operation.
 * Every call is authenticated first (AUTH_FAILED), then may be refused as BUSY, then runs.
 */
export function edocSoapServices(deps: SoapServiceDeps): IServices {
  const handler = (operation: EdocOperation) => async (args: Record<string, unknown> | undefined, _callback: unknown, headers: unknown) => {
    try {
      checkUsernameToken(headers, deps.credentials);
      const faults = deps.faults();
      if (appliesTo(faults, operation) && deps.random().chance(faults.busyProbability)) {
        throw new EdocFault('BUSY', 'iOffice is busy; retry later');
      }
      return await deps.operations[operation](args);
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- node-soap answers a thrown { Fault } object with a SOAP fault
      if (error instanceof EdocFault) throw soapFaultOf(error);
      // A reply held back by a fault is abandoned on close/reset: nothing went wrong.
      if (error instanceof CancelledError) throw error;
      deps.log(`${operation} failed unexpectedly: ${(error as Error).stack ?? String(error)}`);
      throw error;
    }
  };
  const port = Object.fromEntries(EDOC_OPERATIONS.map((op) => [op, handler(op)]));
  return { EdocService: { EdocPort: port } } as unknown as IServices;
}
