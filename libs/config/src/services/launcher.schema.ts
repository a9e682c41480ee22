import { databaseUrl, duration } from '../schema/kinds';
import { ConfigSchema } from '../schema/schema';
import { variable, variables } from '../schema/variable';
import { BUS_ENV, SERVICE_AUTH_ENV, SHARED_ENV } from './bus.variables';

/** The launcher's own variables. It passes its whole environment on to the processes it starts. */
export const LAUNCHER_ENV = variables({
  SUMMARY_INTERVAL_MS: variable(duration(1_000, 3_600_000), { doc: 'how often `npm start` prints its one-line summary', default: 10_000 }),
  DEMO_DATABASE_URL: variable(databaseUrl(), {
    doc: 'the database `npm run demo` starts afresh',
    defaultText: '`sqlite:data/demo/lienthong.db`',
  }),
  HTTP_PORT: BUS_ENV.HTTP_PORT.withDefault(
    3000,
    '`3000`: the console; the orchestrator, iOffice adapter and postal adapter use the next three',
  ),
});

export const LAUNCHER_SCHEMA = new ConfigSchema(
  'launcher',
  '`npm start`, `npm run start:bus`, `npm run demo`: runs the services (and the simulators) as child processes',
  {
    NODE_ENV: BUS_ENV.NODE_ENV,
    LOG_LEVEL: BUS_ENV.LOG_LEVEL,
    LOG_FORMAT: BUS_ENV.LOG_FORMAT,
    NO_COLOR: BUS_ENV.NO_COLOR,
    FORCE_COLOR: BUS_ENV.FORCE_COLOR,
    AMQP_URL: BUS_ENV.AMQP_URL,
    SERVICE_TOKEN: SERVICE_AUTH_ENV.SERVICE_TOKEN,
    DEPARTMENTS_FILE: SHARED_ENV.DEPARTMENTS_FILE,
    ORCHESTRATOR_URL: SHARED_ENV.ORCHESTRATOR_URL,
    POSTAL_ADAPTER_URL: SHARED_ENV.POSTAL_ADAPTER_URL,
    ONESTOP_SIM_PORT: SHARED_ENV.ONESTOP_SIM_PORT,
    ...LAUNCHER_ENV,
  },
);
