import { Injectable } from '@nestjs/common';
import { Departments } from '@lienthong/config';
import { type MessageBody, Stage } from '@lienthong/contracts';
import { type BusContext, ContractViolation, OnMessage } from '@lienthong/messaging';
import { DossierRepository } from '../dossiers/dossier.repository';
import { statusChanged } from '../dossiers/status-change';

type DossierReceived = MessageBody<'onestop.dossier.received'>;

/**
 * Intake (tiếp nhận): a dossier received and digitized at the Center, or re-sent after a supplement.
 * Stores it at RECEIVED and announces `dossier.status-changed`. A repeat of a dossier already past
 * reception is recorded in its trace and changes nothing.
 */
@Injectable()
export class DossierReceivedHandler {
  constructor(
    private readonly departments: Departments,
    private readonly dossiers: DossierRepository,
  ) {}

  @OnMessage('onestop.dossier.received')
  async handle(body: DossierReceived, ctx: BusContext): Promise<void> {
    const department = this.departments.get(body.agencyCode);
    if (!department) {
      throw new ContractViolation([{ field: 'agencyCode', problem: `"${body.agencyCode}" is not a configured department (DEPARTMENTS_FILE)` }], 'CONTRACT.UNKNOWN_DEPARTMENT');
    }
    const progress = { actor: body.receivedBy.fullName, department: department.name, content: 'Tiếp nhận hồ sơ' };
    const event = { dossierCode: body.dossierCode, messageId: ctx.message.messageId, messageType: ctx.message.type };
    const existing = await this.dossiers.find(ctx.tx, body.dossierCode);

    if (!existing) {
      await this.dossiers.insert(
        ctx.tx,
        {
          dossierCode: body.dossierCode,
          agencyCode: body.agencyCode,
          procedureCode: body.procedureCode,
          stage: Stage.RECEIVED,
          returnMethod: body.returnMethod,
          receivedAt: body.receivedAt,
          dueAt: body.dueAt,
        },
        body,
      );
      await this.dossiers.record(ctx.tx, { ...event, fromStage: null, toStage: Stage.RECEIVED });
      await ctx.publish('dossier.status-changed', statusChanged(body, Stage.RECEIVED, null, progress), { correlationId: body.dossierCode });
      return;
    }
    if (existing.stage === Stage.SUPPLEMENT_REQUESTED) {
      await this.dossiers.transition(ctx.tx, body.dossierCode, Stage.SUPPLEMENT_REQUESTED, Stage.RECEIVED, body);
      await this.dossiers.record(ctx.tx, { ...event, fromStage: Stage.SUPPLEMENT_REQUESTED, toStage: Stage.RECEIVED, note: 'received again after a supplement' });
      await ctx.publish('dossier.status-changed', statusChanged(body, Stage.RECEIVED, Stage.SUPPLEMENT_REQUESTED, { ...progress, content: 'Tiếp nhận hồ sơ bổ sung' }), {
        correlationId: body.dossierCode,
      });
      return;
    }
    await this.dossiers.record(ctx.tx, { ...event, fromStage: existing.stage, toStage: null, note: `ignored: dossier is already ${existing.stage}` });
  }
}
