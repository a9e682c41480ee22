import { readFileSync } from 'node:fs';
import type { FieldProblem } from '@lienthong/contracts';
import { OnestopSimError } from '../shared/simulator.error';

/**
 * One scripted message. `body` is sent as JSON, or `rawBody` as UTF-8 bytes exactly (not JSON, too large,
 * ...). `messageId` repeats an id on purpose (duplicates); `delayMs` waits before sending this entry;
 * `properties` override the contract's properties (a `null` value removes one; `headers` merge the same
 * way), e.g. `{ "headers": { "x-schema-version": 2 } }` or `{ "appId": null }`.
 */
export interface ScriptEntry {
  readonly type: string;
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly messageId?: string;
  readonly delayMs?: number;
  readonly properties?: Readonly<Record<string, unknown>>;
}

/** AMQP basic properties a script may set or remove (amqplib's names). */
export const SCRIPTABLE_PROPERTIES = [
  'messageId',
  'type',
  'correlationId',
  'timestamp',
  'contentType',
  'contentEncoding',
  'appId',
  'deliveryMode',
  'persistent',
  'priority',
  'expiration',
  'replyTo',
  'headers',
] as const;

const ENTRY_KEYS = ['type', 'body', 'rawBody', 'messageId', 'delayMs', 'properties'];
const MAX_DELAY_MS = 600_000;

/** Checks a parsed script; `SIM_ONESTOP.SCRIPT_INVALID` lists every problem by entry (`2.messageId`). */
export function parseScript(value: unknown): ScriptEntry[] {
  const problems: FieldProblem[] = [];
  if (!Array.isArray(value)) {
    throw new OnestopSimError(
      'SIM_ONESTOP.SCRIPT_INVALID',
      'a script is a JSON array of { "type", "body" | "rawBody", "messageId"?, "delayMs"?, "properties"? }',
      [{ field: 'script', problem: 'must be an array' }],
    );
  }
  value.forEach((entry: unknown, i) => {
    const at = (field: string, problem: string): void => void problems.push({ field: `${i}.${field}`, problem });
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return at('', 'must be an object');
    const e = entry as Record<string, unknown>;
    for (const key of Object.keys(e)) if (!ENTRY_KEYS.includes(key)) at(key, `is not a script field (known: ${ENTRY_KEYS.join(', ')})`);
    if (typeof e.type !== 'string' || e.type.length === 0 || e.type.length > 255) at('type', 'must be a routing key of 1-255 characters');
    if ('body' in e === 'rawBody' in e) at('body', 'exactly one of body and rawBody is required');
    if ('rawBody' in e && typeof e.rawBody !== 'string') at('rawBody', 'must be a string (sent as UTF-8 bytes)');
    if ('messageId' in e && (typeof e.messageId !== 'string' || e.messageId.length === 0 || e.messageId.length > 255))
      at('messageId', 'must be a string of 1-255 characters');
    if ('delayMs' in e && !(Number.isInteger(e.delayMs) && (e.delayMs as number) >= 0 && (e.delayMs as number) <= MAX_DELAY_MS))
      at('delayMs', `must be an integer from 0 to ${MAX_DELAY_MS}`);
    if ('properties' in e) {
      const props = e.properties;
      if (typeof props !== 'object' || props === null || Array.isArray(props)) at('properties', 'must be an object');
      else
        for (const [key, v] of Object.entries(props)) {
          if (!(SCRIPTABLE_PROPERTIES as readonly string[]).includes(key))
            at(`properties.${key}`, `is not a settable property (known: ${SCRIPTABLE_PROPERTIES.join(', ')})`);
          else if (key === 'headers' && v !== null && (typeof v !== 'object' || Array.isArray(v)))
            at('properties.headers', 'must be an object');
        }
    }
  });
  if (problems.length > 0) {
    throw new OnestopSimError('SIM_ONESTOP.SCRIPT_INVALID', problems.map((p) => `${p.field} ${p.problem}`).join('; '), problems);
  }
  return value as ScriptEntry[];
}

/** Reads and checks a script file (`ONESTOP_SIM_SCRIPT`, `--script`). */
export function loadScriptFile(file: string): ScriptEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new OnestopSimError('SIM_ONESTOP.SCRIPT_INVALID', `cannot read the script ${file} (${(error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new OnestopSimError('SIM_ONESTOP.SCRIPT_INVALID', `${file} is not JSON (${(error as Error).message})`);
  }
  try {
    return parseScript(parsed);
  } catch (error) {
    if (error instanceof OnestopSimError)
      throw new OnestopSimError(error.code, `${file}: ${error.message.replace(/^SIM_ONESTOP\.SCRIPT_INVALID: /, '')}`, error.problems);
    throw error;
  }
}
