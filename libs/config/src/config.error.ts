/**
 * What kind of configuration mistake: a value of the wrong form, a development default refused in production, a
 * variable read outside its service's schema; other libraries add their own (`CONFIG.DATABASE_URL`).
 */
export type ConfigErrorCode =
  'CONFIG.INVALID' | 'CONFIG.REQUIRED_IN_PRODUCTION' | 'CONFIG.REFUSED_IN_PRODUCTION' | 'CONFIG.UNDECLARED' | `CONFIG.${string}`;

/** A configuration mistake: names the variable or the file and line, and says what is accepted. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly code: ConfigErrorCode = 'CONFIG.INVALID',
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Every mistake found in one service's configuration, so that an operator fixes them in one go. */
export class ConfigProblems extends ConfigError {
  constructor(
    readonly service: string,
    readonly problems: readonly ConfigError[],
  ) {
    super(problems.map((p) => `${p.code}: ${p.message}`).join('\n'), problems[0]?.code ?? 'CONFIG.INVALID');
    this.name = 'ConfigProblems';
  }
}
