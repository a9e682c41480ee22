import { randomBytes, randomUUID } from 'node:crypto';
import type { Options } from 'amqplib';
import { FieldProblem, isMessageType, validateMessage } from '@lienthong/contracts';
import { contractProperties, newTraceparent } from '../amqp/envelope';
import type { OnestopPublisher } from '../amqp/onestop.publisher';
import type { FileSink } from '../files/document.store';
import type { ScriptEntry } from './script.model';
import { expandTemplates } from './script.template';

/** What became of one script entry. */
export interface ScriptResult {
  readonly index: number;
  readonly type: string;
  readonly messageId?: string;
  /** False when the broker returned it: no queue bound for its routing key. */
  readonly routed: boolean;
  /** Contract problems of its body (it was sent anyway: scripts may be wrong on purpose). */
  readonly problems: FieldProblem[];
}

export interface ScriptDeps {
  readonly publisher: OnestopPublisher;
  /** Where `{ "$pdf": … }` documents go (the simulator's document server). */
  readonly files: FileSink;
  delay(ms: number): Promise<void>;
  now(): Date;
  log(line: string): void;
  /** Called after each entry is confirmed, with its parsed body when it had one and it was valid. */
  onSent?(entry: ScriptEntry, validBody: unknown, result: ScriptResult): void;
}

/**
 * Replays a script in order, each entry confirmed before the next: the contract's properties unless the
 * entry overrides them, its `messageId` when given (so a duplicate is the same id twice), `rawBody` bytes
 * as they are. Placeholders are expanded first (see `expandTemplates`), with one `{{run}}` token per replay.
 * Bodies are checked against the contract and reported, but sent either way.
 */
export async function playScript(entries: readonly ScriptEntry[], deps: ScriptDeps): Promise<ScriptResult[]> {
  const results: ScriptResult[] = [];
  const run = randomBytes(2).toString('hex').toUpperCase();
  for (const [index, template] of entries.entries()) {
    if (template.delayMs) await deps.delay(template.delayMs);
    const entry = expandTemplates(template, { now: deps.now(), run, files: deps.files }) as ScriptEntry;
    const content = entry.rawBody !== undefined ? Buffer.from(entry.rawBody, 'utf8') : Buffer.from(JSON.stringify(entry.body), 'utf8');
    const problems = entry.rawBody === undefined && isMessageType(entry.type) ? validateMessage(entry.type, entry.body) : [];
    const correlation = (entry.body as { dossierCode?: unknown } | undefined)?.dossierCode;
    const properties = overlay(
      contractProperties({
        type: entry.type,
        messageId: entry.messageId ?? randomUUID(),
        correlationId: typeof correlation === 'string' ? correlation : undefined,
        occurredAt: deps.now(),
        traceparent: newTraceparent(),
      }),
      entry.properties ?? {},
    );
    const published = await deps.publisher.publishRaw(entry.type, content, properties);
    const result: ScriptResult = { index, type: entry.type, messageId: published.messageId, routed: published.routed, problems };
    results.push(result);
    const note =
      problems.length > 0 ? `; breaks the contract (sent anyway): ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}` : '';
    deps.log(
      `→ [script ${index}] ${entry.type} ${typeof correlation === 'string' ? correlation : ''} (msg ${published.messageId ?? 'none'})${published.routed ? '' : ' UNROUTED: no queue bound, is the bus running?'}${note}`,
    );
    deps.onSent?.(
      entry,
      problems.length === 0 && entry.rawBody === undefined && isMessageType(entry.type) ? entry.body : undefined,
      result,
    );
  }
  return results;
}

/** The contract's properties with the entry's overrides: a `null` removes a property (or a header). */
function overlay(base: Options.Publish, overrides: Readonly<Record<string, unknown>>): Options.Publish {
  const out: Record<string, unknown> = { ...base, headers: { ...(base.headers as Record<string, unknown>) } };
  for (const [key, value] of Object.entries(overrides)) {
    if (key === 'headers' && value !== null) {
      const headers = out.headers as Record<string, unknown>;
      for (const [name, header] of Object.entries(value as Record<string, unknown>)) {
        if (header === null) delete headers[name];
        else headers[name] = header;
      }
    } else if (value === null) delete out[key];
    else out[key] = value;
  }
  return out as Options.Publish;
}
