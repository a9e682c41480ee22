import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { BusError, type DeadLetterStatus, DeadLetterStore } from '@lienthong/messaging';
import { Database } from '@lienthong/persistence';
import { AuditLog } from '../audit/audit.log';
import type { Session } from '../auth/session.store';
import { CurrentSession, Requires } from '../web/access.decorators';
import { intParam, strParam } from '../web/http';
import { maskedAuditEntry, maskedLetter, maskedSummary, seesPersonalData } from '../privacy/masked-views';
import { DeadLetterOperations, MAX_GROUP } from './dead-letter.operations';

const STATUSES: readonly DeadLetterStatus[] = ['open', 'replaying', 'replayed', 'discarded'];

/** Dead letters: list (server-side paging and filters), inspect, check an edited body, replay, discard; singly or in groups. */
@Controller('api/dead-letters')
export class DeadLettersController {
  constructor(
    private readonly store: DeadLetterStore,
    private readonly operations: DeadLetterOperations,
    private readonly audit: AuditLog,
    private readonly db: Database,
  ) {}

  @Get()
  async list(@Query() q: Record<string, unknown>, @CurrentSession() session: Session): Promise<Record<string, unknown>> {
    const status = strParam(q.status);
    if (status !== undefined && !STATUSES.includes(status as DeadLetterStatus)) throw bad(`status must be one of ${STATUSES.join(', ')}`);
    const pageSize = intParam(q.pageSize, 50, 1, 200);
    const page = intParam(q.page, 1, 1, 1_000_000);
    const { items, total } = await this.store.list({
      status: status as DeadLetterStatus | undefined,
      queue: strParam(q.queue),
      routingKey: strParam(q.type),
      errorCode: strParam(q.errorCode),
      correlationId: strParam(q.correlationId),
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items: seesPersonalData(session.role) ? items : items.map(maskedSummary), total, page, pageSize };
  }

  /** Values to offer in the filters, with counts. */
  @Get('facets')
  async facets(): Promise<Record<string, unknown>> {
    const group = async (column: 'queue' | 'routing_key' | 'error_code' | 'status'): Promise<{ value: string; n: number }[]> =>
      (
        await this.db.query<{ value: string; n: number }>(
          `SELECT ${column} AS value, COUNT(*) AS n FROM dead_letters GROUP BY ${column} ORDER BY ${column} LIMIT 200`,
        )
      ).map((r) => ({
        value: r.value,
        n: Number(r.n),
      }));
    return {
      queues: await group('queue'),
      types: await group('routing_key'),
      errorCodes: await group('error_code'),
      statuses: await group('status'),
    };
  }

  /** One letter whole, with its audit history; for a viewer, personal data masked and a body that is not JSON withheld. */
  @Get(':id')
  async get(@Param('id', ParseIntPipe) id: number, @CurrentSession() session: Session): Promise<Record<string, unknown>> {
    const letter = await this.store.get(id);
    if (!letter) throw new BusError('DEAD_LETTER.NOT_FOUND', `there is no dead letter ${id}`);
    const { items: history } = await this.audit.list({ target: `dead-letter:${id}`, limit: 100 });
    if (seesPersonalData(session.role)) return { ...letter, bodyWithheld: false, history };
    return { ...maskedLetter(letter), history: history.map(maskedAuditEntry) };
  }

  @Post(':id/check')
  @Requires('operator')
  @HttpCode(200)
  async check(@Param('id', ParseIntPipe) id: number, @Body() body: unknown): Promise<Record<string, unknown>> {
    const problems = await this.operations.check(id, editedBody(body, true)!);
    return { valid: problems.length === 0, problems };
  }

  @Post(':id/replay')
  @Requires('operator')
  @HttpCode(200)
  replay(@Param('id', ParseIntPipe) id: number, @Body() body: unknown, @CurrentSession() session: Session): Promise<unknown> {
    return this.operations.replay(id, session.username, editedBody(body, false));
  }

  @Post(':id/discard')
  @Requires('operator')
  @HttpCode(200)
  discard(@Param('id', ParseIntPipe) id: number, @Body() body: unknown, @CurrentSession() session: Session): Promise<unknown> {
    return this.operations.discard(id, session.username, reasonOf(body));
  }

  @Post('replay')
  @Requires('operator')
  @HttpCode(200)
  async replayMany(@Body() body: unknown, @CurrentSession() session: Session): Promise<Record<string, unknown>> {
    return { results: await this.operations.replayMany(idsOf(body), session.username) };
  }

  @Post('discard')
  @Requires('operator')
  @HttpCode(200)
  async discardMany(@Body() body: unknown, @CurrentSession() session: Session): Promise<Record<string, unknown>> {
    return { results: await this.operations.discardMany(idsOf(body), session.username, reasonOf(body)) };
  }
}

function bad(message: string): BusError {
  return new BusError('CONSOLE.BAD_REQUEST', message);
}

/** `{ body: "<JSON text>" }`: the edited message body, as text (it is validated and sent byte for byte). */
function editedBody(body: unknown, required: boolean): string | undefined {
  const value = (body as { body?: unknown } | undefined)?.body;
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string') throw bad('send { "body": "<the message body as JSON text>" }');
  return value;
}

function reasonOf(body: unknown): string | undefined {
  const reason = (body as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' && reason.trim() ? reason.trim().slice(0, 500) : undefined;
}

function idsOf(body: unknown): number[] {
  const ids = (body as { ids?: unknown } | undefined)?.ids;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => Number.isInteger(id) && id > 0)) throw bad('send { "ids": [1, 2, …] }');
  if (ids.length > MAX_GROUP) throw new BusError('CONSOLE.GROUP_TOO_LARGE', `at most ${MAX_GROUP} dead letters per group action`);
  return [...new Set(ids as number[])];
}
