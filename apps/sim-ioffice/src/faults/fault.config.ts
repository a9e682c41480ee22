import { type EnvSource, SIM_IOFFICE_ENV, processEnv } from '@lienthong/config';
import { EDOC_OPERATIONS, EdocOperation } from '../soap/edoc.wsdl';

/**
 * What the simulator does wrong on purpose. All probabilities are in [0, 1]; 0 and 1 are exact, so tests
 * that use only those are deterministic. Set at start (`IOFFICE_SIM_FAULTS`, JSON) and at run time
 * (`PUT /_admin/faults`, `setFaults()`).
 */
export interface IofficeFaults {
  /** Added before every SOAP response (ms). */
  latencyMs: number;
  /** SOAP Fault `BUSY` (soap:Server, transient). */
  busyProbability: number;
  /** HTTP 503 without a SOAP body. */
  unavailableProbability: number;
  /** The request is never answered: the connection is held for `hangMs`, then dropped. Nothing is stored. */
  timeoutProbability: number;
  /** SendEdoc only: the package IS stored, but the response is held for `hangMs` (past the client's timeout). */
  acceptThenTimeoutProbability: number;
  /** How long a hung request is held (ms); choose it longer than the client's timeout. */
  hangMs: number;
  /** Operations that latency, BUSY, 503 and timeouts apply to; null = every operation. */
  operations: EdocOperation[] | null;
  /** After `UpdateStatus`, the package reappears once in the received list (same docId). */
  duplicateDeliveryProbability: number;
  /** The leader (or clerk) declines a `sign`/`number` request: status 02 with `declineReason`. */
  declineProbability: number;
  declineReason: string;
  /** The numbered decision is modified after it was signed (its signature no longer verifies). */
  tamperProbability: number;
  /** The numbered decision is signed with a certificate from a CA outside the trust anchors. */
  untrustedSignerProbability: number;
  /** Seed of the fault RNG; setting it restarts the random sequence. */
  seed: number;
}

/** No faults at all. */
export const NO_FAULTS: Readonly<IofficeFaults> = Object.freeze({
  latencyMs: 0,
  busyProbability: 0,
  unavailableProbability: 0,
  timeoutProbability: 0,
  acceptThenTimeoutProbability: 0,
  hangMs: 30_000,
  operations: null,
  duplicateDeliveryProbability: 0,
  declineProbability: 0,
  declineReason: 'Lãnh đạo không đồng ý ký: đề nghị chuyên viên rà soát lại dự thảo.',
  tamperProbability: 0,
  untrustedSignerProbability: 0,
  seed: 1,
});

/** A configuration error: the message names the source and the field. */
export class FaultConfigError extends Error {
  readonly code = 'SIM_IOFFICE.INVALID_FAULTS';
}

const PROBABILITIES = [
  'busyProbability',
  'unavailableProbability',
  'timeoutProbability',
  'acceptThenTimeoutProbability',
  'duplicateDeliveryProbability',
  'declineProbability',
  'tamperProbability',
  'untrustedSignerProbability',
] as const;
const DURATIONS = ['latencyMs', 'hangMs'] as const;

/**
 * Applies a partial fault setting (untrusted JSON) on top of `base`, rejecting unknown keys and
 * out-of-range values with a message that names `source` and the field.
 */
export function mergeFaults(base: Readonly<IofficeFaults>, patch: unknown, source: string): IofficeFaults {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new FaultConfigError(`${source}: expected a JSON object of fault settings`);
  }
  const result: IofficeFaults = { ...base, operations: base.operations ? [...base.operations] : null };
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if ((PROBABILITIES as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
        throw new FaultConfigError(`${source}: ${key} must be a number between 0 and 1`);
      }
      result[key as (typeof PROBABILITIES)[number]] = value;
    } else if ((DURATIONS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new FaultConfigError(`${source}: ${key} must be a non-negative number of milliseconds`);
      }
      result[key as (typeof DURATIONS)[number]] = value;
    } else if (key === 'seed') {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw new FaultConfigError(`${source}: seed must be an integer`);
      result.seed = value;
    } else if (key === 'declineReason') {
      if (typeof value !== 'string' || value.trim() === '')
        throw new FaultConfigError(`${source}: declineReason must be a non-empty string`);
      result.declineReason = value;
    } else if (key === 'operations') {
      result.operations = parseOperations(value, source);
    } else {
      throw new FaultConfigError(`${source}: unknown fault setting "${key}" (known: ${Object.keys(NO_FAULTS).join(', ')})`);
    }
  }
  return result;
}

function parseOperations(value: unknown, source: string): EdocOperation[] | null {
  if (value === null) return null;
  if (!Array.isArray(value)) throw new FaultConfigError(`${source}: operations must be null or an array of operation names`);
  for (const op of value) {
    if (!(EDOC_OPERATIONS as readonly unknown[]).includes(op)) {
      throw new FaultConfigError(`${source}: operations contains "${String(op)}" (known: ${EDOC_OPERATIONS.join(', ')})`);
    }
  }
  return [...(value as EdocOperation[])];
}

/** Reads `IOFFICE_SIM_FAULTS` (JSON); absent or empty means no faults. */
export function faultsFromEnv(env: EnvSource = processEnv()): IofficeFaults {
  const parsed = SIM_IOFFICE_ENV.IOFFICE_SIM_FAULTS.read(env);
  return parsed === undefined ? { ...NO_FAULTS } : mergeFaults(NO_FAULTS, parsed, 'IOFFICE_SIM_FAULTS');
}

/** Whether the transport faults (latency, BUSY, 503, timeouts) apply to `operation`. */
export function appliesTo(faults: Readonly<IofficeFaults>, operation: EdocOperation | undefined): boolean {
  if (faults.operations === null) return true;
  return operation !== undefined && faults.operations.includes(operation);
}
