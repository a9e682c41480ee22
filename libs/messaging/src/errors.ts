import type { FieldProblem } from '@lienthong/contracts';

/** Base of every error the bus classifies: a stable code and a message a person can act on. */
export class BusError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The message breaks the contract (not JSON, schema, unknown department/dossier, unknown version, too large).
 * Retrying cannot help: it is rejected at once (`lienthong.message-rejected`) and dead-lettered with its reasons.
 */
export class ContractViolation extends BusError {
  constructor(
    readonly reasons: readonly FieldProblem[],
    code = 'CONTRACT.INVALID_FIELD',
  ) {
    super(code, reasons.map((r) => `${r.field}: ${r.problem}`).join('; ') || 'message rejected');
  }
}

/** A failure that retrying will not fix, but which is not the producer's fault (e.g. a bug). Dead-lettered at once. */
export class PermanentFailure extends BusError {}

/** A failure worth retrying later (an outside system busy, a lock, a timeout). Retried with backoff, then dead-lettered. */
export class TransientFailure extends BusError {}

/** A publish the broker accepted but could not route to any queue (`mandatory` returned it). */
export class UnroutableMessage extends BusError {
  constructor(
    readonly exchange: string,
    readonly routingKey: string,
  ) {
    super('AMQP.UNROUTABLE', `no queue is bound to "${routingKey}" on exchange "${exchange || '(default)'}"`);
  }
}

/** Short, single-line description of any thrown value, for logs and dead-letter records. */
export function describeError(error: unknown): string {
  if (error instanceof BusError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
