/**
 * An error raised by the contracts library itself (a programming or configuration mistake, never a bad
 * message: bad messages are reported as `FieldProblem`s). `code` is stable and safe to match on.
 */
export class ContractError extends Error {
  override readonly name = 'ContractError';

  constructor(
    /** Stable code, e.g. `CONTRACT.UNSUPPORTED_DECORATOR`. */
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
