/**
 * An error of the one-stop simulator. `code` is stable (`SIM_ONESTOP.*`) and safe to match on; the message
 * says what to do. `problems` lists field-level reasons when there are any (invalid overrides, scripts).
 */
export class OnestopSimError extends Error {
  override readonly name = 'OnestopSimError';

  constructor(
    readonly code: string,
    message: string,
    readonly problems: ReadonlyArray<{ field: string; problem: string }> = [],
  ) {
    super(`${code}: ${message}`);
  }
}
