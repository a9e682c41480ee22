import type { Scenario } from '../harness/scenario';
import { INFRA_SCENARIOS } from './infra';
import { PROCESS_SCENARIOS } from './process';

/** Every scenario of `npm run test:faults`, in the order of the table. Add a file's scenarios here. */
export const SCENARIOS: Scenario[] = [...PROCESS_SCENARIOS, ...INFRA_SCENARIOS];
