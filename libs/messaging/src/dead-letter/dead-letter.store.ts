import { createHash } from 'node:crypto';
import type { ConsumeMessage, MessageProperties } from 'amqplib';
import { type FieldProblem, MESSAGES, isMessageType, normalizeNfc, validateMessage } from '@lienthong/contracts';
import type { Database, Queryable } from '@lienthong/persistence';
import type { ConfirmPublisher } from '../amqp/confirm.publisher';
import { BusError, ContractViolation } from '../errors';
import { RETRY_HEADERS } from '../pipeline/inbound-message';

export type DeadLetterStatus = 'open' | 'replaying' | 'replayed' | 'discarded';

/** One dead-lettered message, whole: what an operator needs to understand, fix and replay it. */
export interface DeadLetter {
  readonly id: number;
  readonly messageId: string;
  /** The queue (consumer) that could not process it: a replay goes back to exactly this queue. */
  readonly queue: string;
  readonly routingKey: string;
  readonly correlationId: string | null;
  /** UTF-8 text of the body, or base64 when it was not valid UTF-8 (`bodyEncoding`); only its start when `bodyTruncated`. */
  readonly body: string;
  readonly bodyEncoding: 'utf8' | 'base64';
  /** Size and SHA-256 of the body as it arrived (null for letters recorded before they were kept). */
  readonly bodyBytes: number | null;
  readonly bodySha256: string | null;
  /** The body was larger than its consumer accepts: `body` holds its first KEPT_PREFIX_BYTES only. */
  readonly bodyTruncated: boolean;
  readonly properties: Record<string, unknown>;
  readonly errorCode: string;
  readonly reasons: FieldProblem[];
  readonly attempts: number;
  readonly firstFailedAt: number;
  readonly lastFailedAt: number;
  readonly status: DeadLetterStatus;
  readonly resolvedAt: number | null;
  readonly resolvedBy: string | null;
}

export type DeadLetterSummary = Omit<DeadLetter, 'body' | 'bodyEncoding' | 'bodyBytes' | 'bodySha256' | 'bodyTruncated' | 'properties'>;

export interface DeadLetterFilter {
  readonly status?: DeadLetterStatus;
  readonly queue?: string;
  readonly routingKey?: string;
  readonly correlationId?: string;
  readonly errorCode?: string;
  readonly limit?: number;
  readonly offset?: number;
}

/** What the pipeline records when it gives up on a delivery. */
export interface DeadLetterEntry {
  readonly raw: ConsumeMessage;
  readonly queue: string;
  readonly errorCode: string;
  readonly reasons: readonly FieldProblem[];
  readonly attempts: number;
  readonly now: number;
  /** Largest body the consumer accepts (MAX_MESSAGE_BYTES): a larger one is kept as its first KEPT_PREFIX_BYTES, size and digest. */
  readonly maxBodyBytes?: number;
}

/**
 * How much of a body over its consumer's limit is kept: enough for an operator to see what came (with its
 * properties: from whom), bounded so that oversized messages cannot fill the database. Whole bodies are kept for
 * everything else, which can be replayed.
 */
export const KEPT_PREFIX_BYTES = 16 * 1024;

interface Row {
  id: number;
  message_id: string;
  queue: string;
  routing_key: string;
  correlation_id: string | null;
  body: string;
  body_encoding: 'utf8' | 'base64';
  body_bytes: number | null;
  body_sha256: string | null;
  body_truncated: number | null;
  properties: string;
  error_code: string;
  reasons: string;
  attempts: number;
  first_failed_at: number;
  last_failed_at: number;
  status: DeadLetterStatus;
  resolved_at: number | null;
  resolved_by: string | null;
}

/** `queue` of dead letters that came from outside the broker (see `recordExternal`). */
const EXTERNAL_PREFIX = 'external:';

const SUMMARY_COLUMNS =
  'id, message_id, queue, routing_key, correlation_id, error_code, reasons, attempts, first_failed_at, last_failed_at, status, resolved_at, resolved_by';

/**
 * The dead-letter store: every message the bus gave up on, kept in the database with its body, properties,
 * reasons and attempts, until an operator replays (optionally with a fixed body) or discards it.
 * Keyed by (message_id, queue): a redelivery of a message already dead-lettered changes nothing.
 */
export class DeadLetterStore {
  constructor(
    private readonly db: Database,
    private readonly publisher: ConfirmPublisher,
  ) {}

  /**
   * Records a failure in the caller's transaction. Returns true when this is news (a new dead letter, or one
   * that had been replayed and failed again); false for a redelivery of one already open.
   */
  async record(tx: Queryable, entry: DeadLetterEntry): Promise<boolean> {
    const { raw } = entry;
    const properties = raw.properties as MessageProperties;
    return this.insert(tx, {
      messageId: (properties.messageId as string | undefined) || `no-message-id:${raw.fields.deliveryTag}:${entry.now}`,
      queue: entry.queue,
      routingKey: (properties.type as string | undefined) ?? raw.fields.routingKey,
      correlationId: (properties.correlationId as string | undefined) ?? null,
      content: raw.content,
      properties: plainProperties(properties),
      errorCode: entry.errorCode,
      reasons: entry.reasons,
      attempts: entry.attempts,
      firstFailedAt: Number((properties.headers ?? {})[RETRY_HEADERS.firstFailureAt]) || entry.now,
      now: entry.now,
      maxBodyBytes: entry.maxBodyBytes,
    });
  }

  /**
   * Records something that never was an AMQP message of ours (an iOffice package the bus cannot parse, say),
   * so that it is kept whole and visible with the rest. `source` names where it came from (`ioffice:<organ>`);
   * such letters can be inspected and discarded, not replayed onto a queue.
   */
  async recordExternal(
    tx: Queryable,
    entry: {
      source: string;
      id: string;
      kind: string;
      correlationId?: string;
      content: Buffer;
      properties?: Record<string, unknown>;
      errorCode: string;
      reasons: readonly FieldProblem[];
      /** As for `record`: a larger body is kept as its first KEPT_PREFIX_BYTES, size and digest. */
      maxBodyBytes?: number;
    },
  ): Promise<boolean> {
    const now = Date.now();
    return this.insert(tx, {
      messageId: entry.id,
      queue: `${EXTERNAL_PREFIX}${entry.source}`,
      routingKey: entry.kind,
      correlationId: entry.correlationId ?? null,
      content: entry.content,
      properties: entry.properties ?? {},
      errorCode: entry.errorCode,
      reasons: entry.reasons,
      attempts: 1,
      firstFailedAt: now,
      now,
      maxBodyBytes: entry.maxBodyBytes,
    });
  }

  private async insert(
    tx: Queryable,
    e: {
      messageId: string;
      queue: string;
      routingKey: string;
      correlationId: string | null;
      content: Buffer;
      properties: Record<string, unknown>;
      errorCode: string;
      reasons: readonly FieldProblem[];
      attempts: number;
      firstFailedAt: number;
      now: number;
      maxBodyBytes?: number;
    },
  ): Promise<boolean> {
    const truncated = e.maxBodyBytes !== undefined && e.content.length > e.maxBodyBytes;
    const kept = truncated ? utf8Prefix(e.content, KEPT_PREFIX_BYTES) : e.content;
    const text = kept.toString('utf8');
    const isUtf8 = Buffer.byteLength(text, 'utf8') === kept.length && !text.includes('\uFFFD');
    const rows = await tx.query<{ id: number }>(
      `INSERT INTO dead_letters (message_id, queue, routing_key, correlation_id, body, body_encoding, properties, error_code, reasons, attempts, first_failed_at, last_failed_at, status,
         body_bytes, body_sha256, body_truncated)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'open', $13, $14, $15)
       ON CONFLICT (message_id, queue) DO UPDATE SET body = excluded.body, body_encoding = excluded.body_encoding, properties = excluded.properties,
         body_bytes = excluded.body_bytes, body_sha256 = excluded.body_sha256, body_truncated = excluded.body_truncated,
         error_code = excluded.error_code, reasons = excluded.reasons, attempts = dead_letters.attempts + excluded.attempts,
         last_failed_at = excluded.last_failed_at, status = 'open', resolved_at = NULL, resolved_by = NULL
       WHERE dead_letters.status <> 'open'
       RETURNING id`,
      [
        e.messageId,
        e.queue,
        e.routingKey,
        e.correlationId,
        isUtf8 ? text : e.content.toString('base64'),
        isUtf8 ? 'utf8' : 'base64',
        JSON.stringify(e.properties),
        e.errorCode,
        JSON.stringify(e.reasons),
        e.attempts,
        e.firstFailedAt,
        e.now,
        e.content.length,
        createHash('sha256').update(e.content).digest('hex'),
        truncated ? 1 : 0,
      ],
    );
    return rows.length > 0;
  }

  /** Lists dead letters, newest failure first, with the total for paging. */
  async list(filter: DeadLetterFilter = {}): Promise<{ items: DeadLetterSummary[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (column: string, value: unknown): void => {
      if (value === undefined) return;
      params.push(value);
      where.push(`${column} = $${params.length}`);
    };
    add('status', filter.status);
    add('queue', filter.queue);
    add('routing_key', filter.routingKey);
    add('correlation_id', filter.correlationId);
    add('error_code', filter.errorCode);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ n }] = await this.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM dead_letters ${clause}`, params);
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
    const offset = Math.max(filter.offset ?? 0, 0);
    const rows = await this.db.query<Row>(
      `SELECT ${SUMMARY_COLUMNS} FROM dead_letters ${clause} ORDER BY last_failed_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: rows.map(toSummary), total: Number(n) };
  }

  /** One dead letter, whole; undefined when there is none with this id. */
  async get(id: number): Promise<DeadLetter | undefined> {
    const [row] = await this.db.query<Row>('SELECT * FROM dead_letters WHERE id = $1', [id]);
    return row ? toDeadLetter(row) : undefined;
  }

  /**
   * Sends the message back to the queue that failed it, with the same message_id (it never had an effect,
   * so the inbox lets it through once). An edited `body` is checked against the message's contract first and
   * refused with the field-level reasons when it does not pass, or when it changes a field that a verification
   * produced (`verifiedFields` of the message type). Resolves after the broker confirmed it.
   */
  async replay(id: number, options: { actor: string; body?: string }): Promise<DeadLetter> {
    const letter = await this.require(id);
    if (letter.queue.startsWith(EXTERNAL_PREFIX)) {
      throw new BusError(
        'DEAD_LETTER.NOT_REPLAYABLE',
        `dead letter ${id} came from ${letter.queue.slice(EXTERNAL_PREFIX.length)}, not from a queue; fix it at its source, then discard it`,
      );
    }
    if (letter.status !== 'open' && letter.status !== 'replaying') {
      throw new BusError('DEAD_LETTER.NOT_OPEN', `dead letter ${id} is ${letter.status}; only open ones can be replayed`);
    }
    const content =
      options.body !== undefined ? Buffer.from(checkedBody(letter, options.body), 'utf8') : Buffer.from(letter.body, letter.bodyEncoding);
    // Claim first: a failure of the replayed message reopens the row ('replaying' → 'open'), and the final
    // update below then leaves it open instead of hiding the new failure.
    const claimed = await this.db.run("UPDATE dead_letters SET status = 'replaying' WHERE id = $1 AND status IN ('open', 'replaying')", [
      id,
    ]);
    if (claimed === 0) throw new BusError('DEAD_LETTER.NOT_OPEN', `dead letter ${id} was changed by someone else; reload it`);
    const properties = letter.properties as Record<string, unknown> & { messageId: string };
    const headers = { ...((properties.headers as Record<string, unknown>) ?? {}) };
    delete headers[RETRY_HEADERS.attempt];
    delete headers[RETRY_HEADERS.lastError];
    // The broker's own dead-letter bookkeeping from the retry queues is history, not part of the message.
    for (const key of Object.keys(headers))
      if (key === 'x-death' || key.startsWith('x-first-death') || key.startsWith('x-last-death')) delete headers[key];
    headers[RETRY_HEADERS.replayOf] = id;
    try {
      await this.publisher.publish({
        exchange: '',
        routingKey: letter.queue,
        content,
        properties: { ...properties, messageId: letter.messageId, type: letter.routingKey, headers, persistent: true },
      });
    } catch (error) {
      await this.db.run("UPDATE dead_letters SET status = 'open' WHERE id = $1 AND status = 'replaying'", [id]);
      throw error;
    }
    if (options.body !== undefined) {
      await this.db.run('UPDATE dead_letters SET body = $2, body_encoding = $3 WHERE id = $1', [id, options.body, 'utf8']);
    }
    await this.db.run(
      "UPDATE dead_letters SET status = 'replayed', resolved_at = $2, resolved_by = $3 WHERE id = $1 AND status = 'replaying'",
      [id, Date.now(), options.actor],
    );
    return this.require(id);
  }

  /** Marks a dead letter as deliberately dropped by an operator. */
  async discard(id: number, options: { actor: string }): Promise<DeadLetter> {
    const changed = await this.db.run(
      "UPDATE dead_letters SET status = 'discarded', resolved_at = $2, resolved_by = $3 WHERE id = $1 AND status IN ('open', 'replaying')",
      [id, Date.now(), options.actor],
    );
    if (changed === 0) {
      const letter = await this.require(id);
      throw new BusError('DEAD_LETTER.NOT_OPEN', `dead letter ${id} is ${letter.status}; only open ones can be discarded`);
    }
    return this.require(id);
  }

  /**
   * Deletes letters replayed or discarded before `resolvedBefore` (an operator has dealt with them; their audit
   * entries remain). Open letters are never pruned: nothing is lost. Returns how many went.
   */
  pruneResolved(resolvedBefore: number): Promise<number> {
    return this.db.run("DELETE FROM dead_letters WHERE status IN ('replayed', 'discarded') AND resolved_at < $1", [resolvedBefore]);
  }

  /** Counts per status (for health and metrics). */
  async counts(): Promise<Record<DeadLetterStatus, number>> {
    const rows = await this.db.query<{ status: DeadLetterStatus; n: number }>(
      'SELECT status, COUNT(*) AS n FROM dead_letters GROUP BY status',
    );
    const counts: Record<DeadLetterStatus, number> = { open: 0, replaying: 0, replayed: 0, discarded: 0 };
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }

  private async require(id: number): Promise<DeadLetter> {
    const letter = await this.get(id);
    if (!letter) throw new BusError('DEAD_LETTER.NOT_FOUND', `there is no dead letter ${id}`);
    return letter;
  }
}

/** Parses and validates an operator's edited body against the contract of the letter's message type. */
function checkedBody(letter: DeadLetter, body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new ContractViolation(
      [{ field: 'body', problem: `is not valid JSON (${(error as Error).message})` }],
      'CONTRACT.INVALID_ENVELOPE',
    );
  }
  if (!isMessageType(letter.routingKey)) {
    throw new ContractViolation(
      [{ field: 'type', problem: `"${letter.routingKey}" is not a message of contract v1; fix the producer instead` }],
      'CONTRACT.INVALID_ENVELOPE',
    );
  }
  const problems = validateMessage(letter.routingKey, normalizeNfc(parsed));
  if (problems.length > 0) throw new ContractViolation(problems);
  const edits = verifiedFieldEdits(letter, parsed);
  if (edits.length > 0) throw new ContractViolation(edits, 'DEAD_LETTER.VERIFIED_FIELD_EDITED');
  return body;
}

/**
 * The fields of the message type's `verifiedFields` whose value an edited body changes (added, removed or
 * altered). Those values come from a verification (a signature checked by the DMS adapter) and are sealed: an
 * operator may correct a message, never its verdict.
 */
export function verifiedFieldEdits(letter: Pick<DeadLetter, 'routingKey' | 'body' | 'bodyEncoding'>, edited: unknown): FieldProblem[] {
  const fields = isMessageType(letter.routingKey) ? MESSAGES[letter.routingKey].verifiedFields : undefined;
  if (!fields?.length) return [];
  let original: unknown;
  try {
    original = JSON.parse(Buffer.from(letter.body, letter.bodyEncoding).toString('utf8'));
  } catch {
    original = undefined; // a body that never parsed carried no verified facts
  }
  const valueAt = (body: unknown, path: string): string =>
    JSON.stringify(
      path
        .split('.')
        .reduce<unknown>(
          (at, key) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined),
          normalizeNfc(body),
        ) ?? null,
    );
  return fields
    .filter((path) => valueAt(original, path) !== valueAt(edited, path))
    .map((field) => ({
      field,
      problem:
        'was produced by signature verification and is sealed: it cannot be edited; replay the message unchanged, or discard it and have the department send the document again',
    }));
}

function plainProperties(p: MessageProperties): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(p)) if (value !== undefined) out[key] = value;
  return out;
}

function toSummary(row: Row): DeadLetterSummary {
  return {
    id: Number(row.id),
    messageId: row.message_id,
    queue: row.queue,
    routingKey: row.routing_key,
    correlationId: row.correlation_id,
    errorCode: row.error_code,
    reasons: JSON.parse(row.reasons) as FieldProblem[],
    attempts: Number(row.attempts),
    firstFailedAt: Number(row.first_failed_at),
    lastFailedAt: Number(row.last_failed_at),
    status: row.status,
    resolvedAt: row.resolved_at === null ? null : Number(row.resolved_at),
    resolvedBy: row.resolved_by,
  };
}

function toDeadLetter(row: Row): DeadLetter {
  return {
    ...toSummary(row),
    body: row.body,
    bodyEncoding: row.body_encoding,
    bodyBytes: row.body_bytes === null ? null : Number(row.body_bytes),
    bodySha256: row.body_sha256,
    bodyTruncated: Number(row.body_truncated) === 1,
    properties: JSON.parse(row.properties) as Record<string, unknown>,
  };
}

/** The first `limit` bytes, cut before a UTF-8 sequence that would not fit whole (so a text body stays valid text). */
function utf8Prefix(content: Buffer, limit: number): Buffer {
  let end = Math.min(limit, content.length);
  if (end < content.length) while (end > 0 && (content[end] & 0xc0) === 0x80) end--;
  return content.subarray(0, end);
}
