import { Injectable, Logger } from '@nestjs/common';
import { type MessageBody, Stage } from '@lienthong/contracts';
import { type BusContext, OnMessage } from '@lienthong/messaging';
import { LifecycleService } from './lifecycle.service';
import { StageEffects } from './stage.effects';
import { fromContext } from './unit-of-work';

/**
 * `orchestrator.dossier-step-requested`: one of a dossier's commands (a DMS package, the result's postal order),
 * built and sent in a transaction of its own. Its failure is this message's (retried, then dead-lettered with the
 * dossier code as correlation id, so it shows in the dossier's trace), never the transition's that asked for it.
 */
@Injectable()
export class DossierStepHandler {
  private readonly logger = new Logger('DossierStepHandler');

  constructor(
    private readonly lifecycle: LifecycleService,
    private readonly effects: StageEffects,
  ) {}

  @OnMessage('orchestrator.dossier-step-requested')
  async handle(body: MessageBody<'orchestrator.dossier-step-requested'>, ctx: BusContext): Promise<void> {
    const uow = fromContext(ctx);
    const { dossier, department } = await this.lifecycle.require(uow, body.dossierCode, true);
    if (dossier.stage === Stage.CLOSED) {
      // Withdrawn or stopped since (a step replayed late): nothing is sent for a closed dossier.
      this.logger.warn(`${body.step} for ${body.dossierCode} not done: the dossier is closed (${dossier.closedReason ?? 'no reason'})`);
      return;
    }
    await this.effects.follow(uow, body.step, dossier, department, body.requestedAt);
  }
}
