import { type FieldProblem, isMessageType, normalizeNfc, validateMessage } from '@lienthong/contracts';
import { BusError, ContractViolation, type DeadLetter, type DeadLetterStore, describeError } from '@lienthong/messaging';
import type { AuditLog } from '../audit/audit.log';

/** Most letters one group action may touch: a group action is a page of the list, not the whole store. */
export const MAX_GROUP = 500;

/** The outcome of one letter in a group action. */
export type GroupResult = { id: number; ok: true; status: string } | { id: number; ok: false; code: string; message: string };

/** Refusals an operator can act on (as opposed to failures of the broker or database). */
const REFUSALS = new Set(['DEAD_LETTER.NOT_FOUND', 'DEAD_LETTER.NOT_OPEN', 'DEAD_LETTER.NOT_REPLAYABLE']);

/**
 * What an operator may do to dead letters (from the console or the CLI), each action recorded in the audit
 * trail with who, what and the body before and after, whether it succeeded, was refused or failed.
 */
export class DeadLetterOperations {
  constructor(
    private readonly store: DeadLetterStore,
    private readonly audit: AuditLog,
  ) {}

  /** Problems of an edited body against the letter's contract (empty: it would be accepted). */
  async check(id: number, body: string): Promise<FieldProblem[]> {
    const letter = await this.store.get(id);
    if (!letter) throw new BusError('DEAD_LETTER.NOT_FOUND', `there is no dead letter ${id}`);
    return problemsOf(letter.routingKey, body);
  }

  /** Replays one letter, optionally with an edited body (validated by the store before anything is sent). */
  async replay(id: number, actor: string, body?: string): Promise<DeadLetter> {
    const before = await this.store.get(id);
    const action = body === undefined ? 'dead-letter.replay' : 'dead-letter.edit-and-replay';
    try {
      const after = await this.store.replay(id, { actor, ...(body === undefined ? {} : { body }) });
      await this.audit.record({ actor, action, target: `dead-letter:${id}`, outcome: 'ok', before: before?.body, after: after.body, detail: describe(before) });
      return after;
    } catch (error) {
      await this.audit.record({ actor, action, target: `dead-letter:${id}`, outcome: outcomeOf(error), before: before?.body, after: body ?? null, detail: describeError(error) });
      throw error;
    }
  }

  /** Marks one letter discarded (deliberately dropped), with the operator's reason. */
  async discard(id: number, actor: string, reason?: string): Promise<DeadLetter> {
    const before = await this.store.get(id);
    try {
      const after = await this.store.discard(id, { actor });
      await this.audit.record({ actor, action: 'dead-letter.discard', target: `dead-letter:${id}`, outcome: 'ok', before: before?.body, detail: [reason, describe(before)].filter(Boolean).join(' | ') });
      return after;
    } catch (error) {
      await this.audit.record({ actor, action: 'dead-letter.discard', target: `dead-letter:${id}`, outcome: outcomeOf(error), before: before?.body, detail: describeError(error) });
      throw error;
    }
  }

  /** Replays several letters one by one (each audited); one failing does not stop the others. */
  replayMany(ids: readonly number[], actor: string): Promise<GroupResult[]> {
    return this.each(ids, (id) => this.replay(id, actor));
  }

  /** Discards several letters one by one (each audited). */
  discardMany(ids: readonly number[], actor: string, reason?: string): Promise<GroupResult[]> {
    return this.each(ids, (id) => this.discard(id, actor, reason));
  }

  private async each(ids: readonly number[], act: (id: number) => Promise<DeadLetter>): Promise<GroupResult[]> {
    if (ids.length > MAX_GROUP) throw new BusError('CONSOLE.GROUP_TOO_LARGE', `at most ${MAX_GROUP} dead letters per group action, got ${ids.length}; narrow the filter`);
    const results: GroupResult[] = [];
    for (const id of ids) {
      try {
        results.push({ id, ok: true, status: (await act(id)).status });
      } catch (error) {
        results.push({ id, ok: false, code: error instanceof BusError ? error.code : 'CONSOLE.FAILED', message: error instanceof Error ? error.message : String(error) });
      }
    }
    return results;
  }
}

/** The same check the store applies before a replay with an edited body. */
export function problemsOf(routingKey: string, body: string): FieldProblem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return [{ field: 'body', problem: `is not valid JSON (${(error as Error).message})` }];
  }
  if (!isMessageType(routingKey)) return [{ field: 'type', problem: `"${routingKey}" is not a message of contract v1; fix the producer instead` }];
  return validateMessage(routingKey, normalizeNfc(parsed));
}

function outcomeOf(error: unknown): 'refused' | 'failed' {
  return error instanceof ContractViolation || (error instanceof BusError && REFUSALS.has(error.code)) ? 'refused' : 'failed';
}

function describe(letter: DeadLetter | undefined): string {
  return letter ? `${letter.routingKey} ${letter.messageId} from ${letter.queue} (${letter.errorCode})` : '';
}
