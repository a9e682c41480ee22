import { Injectable, Logger } from '@nestjs/common';
import { ORCHESTRATOR_ENV } from '@lienthong/config';
import { type FieldProblem, type MessageBody, type MessageType } from '@lienthong/contracts';
import { ContractViolation, DeadLetterStore, PermanentFailure, describeError, vietnamTimestamp } from '@lienthong/messaging';
import type { Queryable } from '@lienthong/persistence';
import { DossierRepository } from '../dossiers/dossier.repository';
import { ROUTES, type RoutedType } from '../handlers/routes';
import { LifecycleService, type Outcome } from './lifecycle.service';
import type { UnitOfWork } from './unit-of-work';

interface HeldRow {
  id: number;
  dossier_code: string;
  message_id: string;
  message_type: RoutedType;
  producer: string;
  body: string;
  reason: string;
}

/**
 * Out-of-order events (e.g. `onestop.decision.issued` before the number came back): kept, tried again after
 * every transition of their dossier, and rejected with a reason if they never become valid within `HOLD_MS`.
 */
@Injectable()
export class HeldEvents {
  private readonly logger = new Logger('HeldEvents');
  /** How long an out-of-order event waits for its dossier to reach a stage where it applies (`HOLD_MS`). */
  private readonly holdMs = ORCHESTRATOR_ENV.HOLD_MS.read();

  constructor(
    private readonly lifecycle: LifecycleService,
    private readonly dossiers: DossierRepository,
    private readonly deadLetters: DeadLetterStore,
  ) {}

  async hold(
    uow: UnitOfWork,
    message: { messageId: string; type: RoutedType; producer: string; body: unknown },
    dossierCode: string,
    reason: string,
  ): Promise<void> {
    const now = Date.now();
    await uow.tx.run(
      'INSERT INTO held_events (dossier_code, message_id, message_type, producer, body, reason, held_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING',
      [dossierCode, message.messageId, message.type, message.producer, JSON.stringify(message.body), reason, now, now + this.holdMs],
    );
    await this.dossiers.record(uow.tx, {
      dossierCode,
      messageId: message.messageId,
      messageType: message.type,
      fromStage: null,
      toStage: null,
      note: `held: ${reason}`,
    });
    this.logger.log(`held ${message.type} for ${dossierCode}: ${reason}`);
  }

  /**
   * Tries the dossier's held events again (after a transition), until none of them moves it further. Each is
   * tried in a savepoint: one that fails for good is rejected on its own (dead letter with its error), and the
   * transition that unblocked it commits anyway. Transient failures are rethrown: the whole unit is retried.
   */
  async retry(uow: UnitOfWork, dossierCode: string): Promise<void> {
    for (let progress = true; progress;) {
      progress = false;
      const rows = await uow.tx.query<HeldRow>(
        'SELECT id, dossier_code, message_id, message_type, producer, body, reason FROM held_events WHERE dossier_code = $1 ORDER BY id',
        [dossierCode],
      );
      for (const row of rows) {
        const routed = ROUTES[row.message_type](JSON.parse(row.body) as never);
        if (routed.kind !== 'dossier') continue;
        let outcome: Outcome;
        try {
          outcome = await uow.tx.savepoint((tx) =>
            this.lifecycle.apply(
              { ...uow, tx, cause: { messageId: row.message_id, type: row.message_type } },
              routed.event,
              !row.message_type.startsWith('onestop.'),
            ),
          );
        } catch (error) {
          // The held message's own fault (its document did not match, say): rejected alone, without failing the
          // message whose transition released it. Anything else (a document server down) fails that message, to be retried.
          if (!(error instanceof PermanentFailure || error instanceof ContractViolation)) throw error;
          await uow.tx.run('DELETE FROM held_events WHERE id = $1', [row.id]);
          const reasons = error instanceof ContractViolation ? error.reasons : [{ field: 'dossierCode', problem: describeError(error) }];
          await this.reject(uow, row, reasons, error.code);
          continue;
        }
        if (outcome.kind === 'held') continue;
        await uow.tx.run('DELETE FROM held_events WHERE id = $1', [row.id]);
        if (outcome.kind === 'rejected') await this.reject(uow, row, [{ field: outcome.field, problem: outcome.problem }]);
        else progress = outcome.kind === 'advanced' || progress;
      }
    }
  }

  /** Rejects held events whose time ran out, each in a transaction of its own (one failing holds back no other). Returns how many. */
  async expire(q: Queryable, run: (fn: (uow: UnitOfWork) => Promise<void>) => Promise<void>): Promise<number> {
    const rows = await q.query<HeldRow>(
      'SELECT id, dossier_code, message_id, message_type, producer, body, reason FROM held_events WHERE expires_at < $1 ORDER BY id LIMIT 100',
      [Date.now()],
    );
    let expired = 0;
    for (const row of rows) {
      try {
        await run(async (uow) => {
          const gone = await uow.tx.run('DELETE FROM held_events WHERE id = $1', [row.id]);
          if (gone === 1)
            await this.reject(uow, row, [
              { field: 'dossierCode', problem: `held for ${Math.round(this.holdMs / 60_000)} min and never became valid: ${row.reason}` },
            ]);
        });
        expired += 1;
      } catch (error) {
        this.logger.error(
          `held ${row.message_type} ${row.message_id} for ${row.dossier_code} could not be rejected, will try again: ${describeError(error)}`,
        );
      }
    }
    return expired;
  }

  private async reject(
    uow: UnitOfWork,
    row: HeldRow,
    reasons: readonly FieldProblem[],
    errorCode = 'CONTRACT.INVALID_TRANSITION',
  ): Promise<void> {
    const problem = reasons.map((r) => `${r.field}: ${r.problem}`).join('; ');
    const fresh = await this.deadLetters.recordExternal(uow.tx, {
      source: 'orchestrator:held',
      id: row.message_id,
      kind: row.message_type,
      correlationId: row.dossier_code,
      content: Buffer.from(row.body, 'utf8'),
      properties: { messageId: row.message_id, type: row.message_type, appId: row.producer, correlationId: row.dossier_code },
      errorCode,
      reasons,
    });
    if (fresh) {
      const body: MessageBody<'lienthong.message-rejected'> = {
        rejectedMessageId: row.message_id,
        routingKey: row.message_type as MessageType,
        producer: row.producer,
        reasons,
        rejectedAt: vietnamTimestamp(new Date()),
      } as MessageBody<'lienthong.message-rejected'>;
      await uow.publish('lienthong.message-rejected', body, row.dossier_code);
    }
    await this.dossiers.record(uow.tx, {
      dossierCode: row.dossier_code,
      messageId: row.message_id,
      messageType: row.message_type,
      fromStage: null,
      toStage: null,
      note: `rejected after hold: ${problem}`,
    });
    this.logger.warn(`rejected held ${row.message_type} ${row.message_id} for ${row.dossier_code}: ${problem}`);
  }
}
