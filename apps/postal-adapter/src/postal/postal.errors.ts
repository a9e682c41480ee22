import { PermanentFailure, TransientFailure } from '@lienthong/messaging';
import type { BreakerSnapshot } from './circuit-breaker';

/** The operator refused a cancel because the parcel is already on its way (status other than 1, 2, 4). */
export class PostalNotCancellable extends PermanentFailure {
  constructor(
    readonly orderNumber: string,
    readonly status: number | undefined,
    detail: string,
  ) {
    super('POSTAL.NOT_CANCELLABLE', `order "${orderNumber}" cannot be cancelled any more${status === undefined ? '' : ` (status ${status})`}: ${detail}`);
  }
}

/** Calls fail fast while the circuit is open, so a down operator is not hammered and handlers retry later. */
export function circuitOpen(endpoint: string, breaker: BreakerSnapshot): TransientFailure {
  const wait = breaker.probeAt === undefined ? '' : `; next probe in ${Math.max(0, Math.ceil((breaker.probeAt - Date.now()) / 1000))} s`;
  return new TransientFailure('POSTAL.CIRCUIT_OPEN', `postal API circuit is open (${breaker.lastFailure ?? 'repeated failures'}), ${endpoint} not attempted${wait}`);
}
