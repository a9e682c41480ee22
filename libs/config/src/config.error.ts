/** A configuration mistake: names the variable or the file and line, and says what is accepted. */
export class ConfigError extends Error {
  readonly code = 'CONFIG.INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
