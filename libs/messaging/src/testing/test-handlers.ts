import { Injectable } from '@nestjs/common';
import type { MessageBody } from '@lienthong/contracts';
import type { Migration } from '@lienthong/persistence';
import type { BusContext } from '../bus.context';
import { PermanentFailure, TransientFailure } from '../errors';
import { OnMessage } from '../on-message.decorator';
import { vietnamTimestamp } from '../time';

/** What the test handler should do, set by each test. */
export class HandlerScript {
  /** Dossier code → how many more times to fail transiently. */
  readonly failTimes = new Map<string, number>();
  /** Dossier codes that fail permanently (until removed: "the fix"). */
  readonly broken = new Set<string>();
  publishStatus = false;
  publishUnroutable = false;
  delayMs = 0;
}

export const TEST_MIGRATIONS: readonly Migration[] = [
  { id: 'test-001-effects', sql: 'CREATE TABLE test_effects (message_id TEXT NOT NULL, dossier_code TEXT NOT NULL, at BIGINT NOT NULL)' },
];

/** A handler with an observable effect (a row per handled message) and scriptable failures. */
@Injectable()
export class TestHandlers {
  constructor(private readonly script: HandlerScript) {}

  @OnMessage('onestop.dossier.received')
  async received(body: MessageBody<'onestop.dossier.received'>, ctx: BusContext): Promise<void> {
    const code = body.dossierCode;
    if (this.script.broken.has(code)) throw new PermanentFailure('TEST.BROKEN', `dossier ${code} is scripted to fail`);
    const left = this.script.failTimes.get(code) ?? 0;
    if (left > 0) {
      this.script.failTimes.set(code, left - 1);
      throw new TransientFailure('TEST.FLAKY', `flaky for ${code}, ${left} failures left`);
    }
    if (this.script.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.script.delayMs));
    await ctx.tx.run('INSERT INTO test_effects (message_id, dossier_code, at) VALUES ($1, $2, $3)', [
      ctx.message.messageId,
      code,
      Date.now(),
    ]);
    if (this.script.publishStatus) {
      await ctx.publish('dossier.status-changed', {
        dossierCode: code,
        stage: 'RECEIVED',
        portalStatus: 2,
        occurredAt: vietnamTimestamp(new Date()),
        dueAt: body.dueAt,
        overdue: false,
        progress: { actor: body.receivedBy.fullName, department: 'Sở Xây dựng', content: 'Tiếp nhận hồ sơ' },
      } as MessageBody<'dossier.status-changed'>);
    }
    if (this.script.publishUnroutable) {
      await ctx.publish('decision.signing-declined', {
        dossierCode: code,
        reason: 'Lãnh đạo không ký',
        statusCode: '02',
      } as MessageBody<'decision.signing-declined'>);
    }
  }
}
