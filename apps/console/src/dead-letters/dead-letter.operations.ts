import { type FieldProblem, isMessageType, normalizeNfc, validateMessage } from '@lienthong/contracts';
import { BusError, type ConfirmPublisher, ContractViolation, type DeadLetter, DeadLetterStore, describeError } from '@lienthong/messaging';
import type { Database } from '@lienthong/persistence';
import { type BodyRecord, bodyRecord, sha256Of } from '../audit/audit.diff';
import type { AuditInput, AuditLog } from '../audit/audit.log';
import { InTransaction } from '../db/in-transaction';

/** Most letters one group action may touch: a group action is a page of the list, not the whole store. */
export const MAX_GROUP = 500;

/** How long a replay waits for the broker's confirm, holding its transaction, before it gives up (the letter stays open). */
export const REPLAY_TIMEOUT_MS = 10_000;

/** The outcome of one letter in a group action. */
export type GroupResult = { id: number; ok: true; status: string } | { id: number; ok: false; code: string; message: string };

/** Refusals an operator can act on (as opposed to failures of the broker or database). */
const REFUSALS = new Set(['DEAD_LETTER.NOT_FOUND', 'DEAD_LETTER.NOT_OPEN', 'DEAD_LETTER.NOT_REPLAYABLE', 'DEAD_LETTER.BODY_TRUNCATED']);

/**
 * What an operator may do to dead letters (from the console or the CLI). Each change and its audit entry are
 * written in one transaction: both commit or neither does. The entry records the body before and after by digest,
 * size and changed field names; the bodies themselves go to the erasable `audit_bodies`. A refusal or failure,
 * which changes nothing, is recorded on its own.
 *
 * A replay publishes inside that transaction, before it commits (the library's replay claims, publishes, then
 * marks the letter replayed). Should the commit fail after the broker confirmed, the letter stays open and
 * unaudited although the message went out: replaying it again is harmless, since it keeps its message_id and
 * the consumer's inbox takes it once.
 */
export class DeadLetterOperations {
  private readonly store: DeadLetterStore;

  constructor(
    private readonly db: Database,
    private readonly publisher: ConfirmPublisher,
    private readonly audit: AuditLog,
    private readonly replayTimeoutMs = REPLAY_TIMEOUT_MS,
  ) {
    this.store = new DeadLetterStore(db, publisher);
  }

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
    const bodies = bodiesOf(before, body);
    const entry = { actor, action, target: `dead-letter:${id}`, ...bodies };
    try {
      if (before?.bodyTruncated && body === undefined) {
        throw new BusError(
          'DEAD_LETTER.BODY_TRUNCATED',
          `dead letter ${id} keeps only the first ${Buffer.byteLength(before.body, before.bodyEncoding)} of its ${before.bodyBytes} bytes (it was over MAX_MESSAGE_BYTES); ` +
            'replay it with a corrected body, or have its producer send it again, then discard it',
        );
      }
      return await this.db.transaction(async (tx) => {
        // First: if the entry cannot be written, nothing is sent.
        await this.audit.record({ ...entry, outcome: 'ok', detail: describe(before) }, tx);
        const store = new DeadLetterStore(new InTransaction(tx, this.db.dialect), this.publisher);
        return withDeadline(store.replay(id, { actor, ...(body === undefined ? {} : { body }) }), this.replayTimeoutMs, id);
      });
    } catch (error) {
      await this.recordUnchanged({ ...entry, outcome: outcomeOf(error), detail: describeError(error) });
      throw error;
    }
  }

  /** Marks one letter discarded (deliberately dropped), with the operator's reason. */
  async discard(id: number, actor: string, reason?: string): Promise<DeadLetter> {
    const before = await this.store.get(id);
    const entry = { actor, action: 'dead-letter.discard', target: `dead-letter:${id}`, ...bodiesOf(before, undefined), after: null };
    try {
      return await this.db.transaction(async (tx) => {
        const after = await new DeadLetterStore(new InTransaction(tx, this.db.dialect), this.publisher).discard(id, { actor });
        await this.audit.record({ ...entry, outcome: 'ok', detail: [reason, describe(before)].filter(Boolean).join(' | ') }, tx);
        return after;
      });
    } catch (error) {
      await this.recordUnchanged({ ...entry, outcome: outcomeOf(error), detail: describeError(error) });
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
    if (ids.length > MAX_GROUP)
      throw new BusError(
        'CONSOLE.GROUP_TOO_LARGE',
        `at most ${MAX_GROUP} dead letters per group action, got ${ids.length}; narrow the filter`,
      );
    const results: GroupResult[] = [];
    for (const id of ids) {
      try {
        results.push({ id, ok: true, status: (await act(id)).status });
      } catch (error) {
        results.push({
          id,
          ok: false,
          code: error instanceof BusError ? error.code : 'CONSOLE.FAILED',
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return results;
  }

  /** An action that changed nothing; if even that cannot be written (database down), the caller still gets the first error. */
  private async recordUnchanged(entry: AuditInput): Promise<void> {
    await this.audit.record(entry).catch(() => undefined);
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
  if (!isMessageType(routingKey))
    return [{ field: 'type', problem: `"${routingKey}" is not a message of contract v1; fix the producer instead` }];
  return validateMessage(routingKey, normalizeNfc(parsed));
}

/** What the audit entry records of the letter's body and of the edited one, and the bodies to keep beside it. */
function bodiesOf(letter: DeadLetter | undefined, edited: string | undefined): Pick<AuditInput, 'before' | 'after' | 'bodies'> {
  const stored = letter ? recordOf(letter) : undefined;
  const after: BodyRecord | undefined =
    edited !== undefined ? bodyRecord(edited, letter?.bodyEncoding === 'utf8' ? letter.body : undefined) : stored;
  const keep = [...(letter && !letter.bodyTruncated ? [letter.body] : []), ...(edited !== undefined ? [edited] : [])];
  return { before: stored ? JSON.stringify(stored) : null, after: after ? JSON.stringify(after) : null, bodies: keep };
}

/** The record of a letter's body as stored; for a truncated one, the size and digest of what arrived. */
function recordOf(letter: DeadLetter): BodyRecord & { truncated?: true } {
  if (letter.bodyTruncated && letter.bodySha256 && letter.bodyBytes !== null)
    return { sha256: letter.bodySha256, bytes: letter.bodyBytes, truncated: true };
  return letter.bodyEncoding === 'utf8'
    ? bodyRecord(letter.body)
    : { sha256: sha256Of(letter.body), bytes: Buffer.byteLength(letter.body, 'base64') };
}

/** `work`, or a refusal once `ms` passed: a transaction must not stay open while the broker is away. */
function withDeadline<T>(work: Promise<T>, ms: number, id: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new BusError(
            'DEAD_LETTER.REPLAY_TIMEOUT',
            `the broker did not confirm the replay of dead letter ${id} within ${ms / 1000} s; the letter stays open: replay it again once the broker answers ` +
              '(if it was sent after all, its consumer takes it once)',
          ),
        ),
      ms,
    );
  });
  // After the deadline the transaction has ended; the late replay then fails on the closed transaction, as it should.
  work.catch(() => undefined);
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

function outcomeOf(error: unknown): 'refused' | 'failed' {
  return error instanceof ContractViolation || (error instanceof BusError && REFUSALS.has(error.code)) ? 'refused' : 'failed';
}

function describe(letter: DeadLetter | undefined): string {
  return letter ? `${letter.routingKey} ${letter.messageId} from ${letter.queue} (${letter.errorCode})` : '';
}
