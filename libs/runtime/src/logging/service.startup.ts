import { type ConfigSchema, type ConfigValues, type StartupOptions, type Variables, loadConfigOrExit } from '@lienthong/config';
import { installStartupLogger } from './service.logger';

/**
 * `loadConfigOrExit` for a process that logs through the service logger: each mistake is one `fatal` line
 * (`cannot start: <message>`, its code as the `code` field) and the development-defaults warning one `warn` line, in
 * the process's log format (`LOG_FORMAT`: JSON off a terminal), so that the journal and a log collector read them
 * like every other line. Import it from `@lienthong/runtime/logging`: a main checks its configuration before it
 * loads the service's modules.
 */
export function loadServiceConfigOrExit<V extends Variables>(
  schema: ConfigSchema<V>,
  options: Omit<StartupOptions, 'error' | 'warn'> = {},
): ConfigValues<V> {
  const logger = installStartupLogger(schema.service, options.env);
  return loadConfigOrExit(schema, {
    ...options,
    error: (_line, problem) => logger.fatal(`cannot start: ${problem.message}`, { code: problem.code }),
    warn: (_line, message) => logger.warn(message),
  });
}
