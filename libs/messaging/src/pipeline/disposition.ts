import { ContractViolation, PermanentFailure, describeError } from '../errors';
import type { FieldProblem } from '@lienthong/contracts';

/** What happens to a message whose processing failed. Exactly one, chosen here and nowhere else. */
export type Disposition =
  /** Broke the contract: dead-lettered now, and `lienthong.message-rejected` tells the producer why. */
  | { readonly kind: 'reject'; readonly code: string; readonly reasons: readonly FieldProblem[] }
  /** Might succeed later: back to the queue after the delay of retry level `level`. */
  | { readonly kind: 'retry'; readonly level: number; readonly reason: string }
  /** Will not succeed by waiting: kept in the dead-letter store for an operator. */
  | { readonly kind: 'dead-letter'; readonly code: string; readonly reasons: readonly FieldProblem[] };

/**
 * The disposition table.
 *
 * | failure                               | attempts left | disposition                      |
 * |---------------------------------------|---------------|----------------------------------|
 * | ContractViolation                     | any           | reject (dead-letter + rejected)  |
 * | PermanentFailure                      | any           | dead-letter                      |
 * | anything else (transient or unknown)  | yes           | retry with the next delay        |
 * | anything else                         | no            | dead-letter (retries exhausted)  |
 *
 * `attempt` is 1 for a first delivery; `retryLevels` is how many delayed retries a message gets.
 */
export function dispositionFor(error: unknown, attempt: number, retryLevels: number): Disposition {
  if (error instanceof ContractViolation) return { kind: 'reject', code: error.code, reasons: error.reasons };
  if (error instanceof PermanentFailure)
    return { kind: 'dead-letter', code: error.code, reasons: [{ field: 'handler', problem: describeError(error) }] };
  if (attempt <= retryLevels) return { kind: 'retry', level: attempt - 1, reason: describeError(error) };
  return {
    kind: 'dead-letter',
    code: 'BUS.RETRIES_EXHAUSTED',
    reasons: [{ field: 'handler', problem: `failed ${attempt} times; last error: ${describeError(error)}` }],
  };
}
