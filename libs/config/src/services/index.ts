import { CONSOLE_SCHEMA, OPS_SCHEMA } from './console.schema';
import { IOFFICE_ADAPTER_SCHEMA } from './ioffice-adapter.schema';
import { LAUNCHER_SCHEMA } from './launcher.schema';
import { ORCHESTRATOR_SCHEMA } from './orchestrator.schema';
import { POSTAL_ADAPTER_SCHEMA } from './postal-adapter.schema';
import { SIM_IOFFICE_SCHEMA, SIM_ONESTOP_SCHEMA, SIM_POSTAL_SCHEMA } from './simulators.schema';

export * from './bus.variables';
export * from './console.schema';
export * from './ioffice-adapter.schema';
export * from './launcher.schema';
export * from './orchestrator.schema';
export * from './postal-adapter.schema';
export * from './production.rules';
export * from './simulators.schema';

/** Every process's schema, in the order docs/configuration.md lists them. */
export const SCHEMAS = [
  ORCHESTRATOR_SCHEMA,
  IOFFICE_ADAPTER_SCHEMA,
  POSTAL_ADAPTER_SCHEMA,
  CONSOLE_SCHEMA,
  OPS_SCHEMA,
  LAUNCHER_SCHEMA,
  SIM_IOFFICE_SCHEMA,
  SIM_POSTAL_SCHEMA,
  SIM_ONESTOP_SCHEMA,
] as const;
