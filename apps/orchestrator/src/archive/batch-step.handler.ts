import { Injectable } from '@nestjs/common';
import type { MessageBody } from '@lienthong/contracts';
import { type BusContext, OnMessage } from '@lienthong/messaging';
import { fromContext } from '../lifecycle/unit-of-work';
import { ArchiveBatches } from './archive.batches';

/**
 * `orchestrator.batch-step-requested`: an archive batch's dispatch or resend, as a step of its own. Its failure
 * is this message's (retried, then dead-lettered with the batch id as correlation id), never the fact's that
 * asked for it; replaying the dead letter once the cause is fixed dispatches the batch once.
 */
@Injectable()
export class BatchStepHandler {
  constructor(private readonly batches: ArchiveBatches) {}

  @OnMessage('orchestrator.batch-step-requested')
  handle(body: MessageBody<'orchestrator.batch-step-requested'>, ctx: BusContext): Promise<void> {
    const uow = fromContext(ctx);
    return body.step === 'dispatch' ? this.batches.dispatch(uow, body) : this.batches.resend(uow, body);
  }
}
