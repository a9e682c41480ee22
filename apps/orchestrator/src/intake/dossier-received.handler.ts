import { Injectable } from '@nestjs/common';
import { Departments } from '@lienthong/config';
import { type MessageBody, Stage } from '@lienthong/contracts';
import { type BusContext, ContractViolation, OnMessage } from '@lienthong/messaging';
import { DossierRepository } from '../dossiers/dossier.repository';
import { statusChanged } from '../dossiers/status-change';
import { DossierFlow } from '../lifecycle/dossier.flow';
import { fromContext } from '../lifecycle/unit-of-work';

type DossierReceived = MessageBody<'onestop.dossier.received'>;

/**
 * Intake (tiếp nhận): a dossier received and digitized at the Center creates the dossier at RECEIVED; the same
 * dossier re-sent after a supplement goes back through the lifecycle (SUPPLEMENT_REQUESTED → RECEIVED) with
 * its new documents; any other repeat is recorded in its trace and changes nothing.
 */
@Injectable()
export class DossierReceivedHandler {
  constructor(
    private readonly departments: Departments,
    private readonly dossiers: DossierRepository,
    private readonly flow: DossierFlow,
  ) {}

  @OnMessage('onestop.dossier.received')
  async handle(body: DossierReceived, ctx: BusContext): Promise<void> {
    const department = this.departments.get(body.agencyCode);
    if (!department) {
      throw new ContractViolation(
        [{ field: 'agencyCode', problem: `"${body.agencyCode}" is not a configured department (DEPARTMENTS_FILE)` }],
        'CONTRACT.UNKNOWN_DEPARTMENT',
      );
    }
    if (body.returnMethod === 'postal' && !body.deliveryAddress) {
      throw new ContractViolation([{ field: 'deliveryAddress', problem: 'is required when returnMethod is postal' }]);
    }
    const actor = { fullName: body.receivedBy.fullName };
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
      await this.dossiers.record(ctx.tx, {
        dossierCode: body.dossierCode,
        messageId: ctx.message.messageId,
        messageType: ctx.message.type,
        fromStage: null,
        toStage: Stage.RECEIVED,
      });
      await ctx.publish(
        'dossier.status-changed',
        statusChanged(body, Stage.RECEIVED, null, { actor: actor.fullName, department: department.name }),
        { correlationId: body.dossierCode },
      );
      return;
    }
    if (existing.agencyCode !== body.agencyCode) {
      throw new ContractViolation(
        [{ field: 'agencyCode', problem: `dossier ${body.dossierCode} belongs to ${existing.agencyCode}, not ${body.agencyCode}` }],
        'CONTRACT.INVALID_FIELD',
      );
    }
    // Received again after a supplement: the dossier's documents are the new ones.
    if (existing.stage === Stage.SUPPLEMENT_REQUESTED) await this.dossiers.replaceData(ctx.tx, body.dossierCode, body);
    await this.flow.dossier(fromContext(ctx), { dossierCode: body.dossierCode, event: { kind: 'received' }, actor }, false);
  }
}
