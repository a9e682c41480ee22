import { Injectable, Logger } from '@nestjs/common';
import { type Department, Departments } from '@lienthong/config';
import { Stage } from '@lienthong/contracts';
import { ContractViolation, PermanentFailure } from '@lienthong/messaging';
import { ClaimCheck } from '../blobs/claim-check';
import { type DossierFactsRecord, type DossierRecord, DossierRepository } from '../dossiers/dossier.repository';
import { statusChanged } from '../dossiers/status-change';
import { StageEffects } from './stage.effects';
import type { LifecycleEvent } from './lifecycle-event';
import { decide } from './transition.table';
import type { UnitOfWork } from './unit-of-work';

/** An event for one dossier, with what it teaches about the dossier and who acted. */
export interface DossierEvent {
  readonly dossierCode: string;
  readonly event: LifecycleEvent;
  readonly actor?: { readonly fullName: string; readonly position?: string };
  readonly facts?: DossierFactsRecord;
}

/** What became of an event. */
export type Outcome =
  | { readonly kind: 'advanced'; readonly to: readonly Stage[] }
  | { readonly kind: 'repeat' | 'held'; readonly note: string }
  | { readonly kind: 'rejected'; readonly field: string; readonly problem: string };

/**
 * Applies lifecycle events to dossiers: asks the transition table, moves the dossier through the stages it
 * names (announcing each one, in order, in the same transaction), runs the effects of entering each stage, and
 * records everything in the dossier's trace. Whether an out-of-order event is held or a bad one rejected is for
 * the caller (`HeldEvents`, the handlers) to act on.
 */
@Injectable()
export class LifecycleService {
  private readonly logger = new Logger('Lifecycle');

  constructor(
    private readonly departments: Departments,
    private readonly dossiers: DossierRepository,
    private readonly effects: StageEffects,
    private readonly claims: ClaimCheck,
  ) {}

  /** Loads the dossier or fails: an unknown dossier is the producer's mistake (rejected), or ours (internal messages). */
  async require(uow: UnitOfWork, dossierCode: string, internal: boolean): Promise<{ dossier: DossierRecord; department: Department }> {
    const dossier = await this.dossiers.find(uow.tx, dossierCode);
    if (!dossier) {
      if (internal) throw new PermanentFailure('BUS.UNKNOWN_DOSSIER', `dossier ${dossierCode} is not known to the orchestrator`);
      throw new ContractViolation(
        [{ field: 'dossierCode', problem: `"${dossierCode}" is not a dossier the bus knows (it was never received)` }],
        'CONTRACT.UNKNOWN_DOSSIER',
      );
    }
    const department = this.departments.get(dossier.agencyCode);
    if (!department)
      throw new PermanentFailure(
        'CONFIG.UNKNOWN_DEPARTMENT',
        `department ${dossier.agencyCode} of dossier ${dossierCode} is no longer configured (DEPARTMENTS_FILE)`,
      );
    return { dossier, department };
  }

  /**
   * Decides and, when the table says so, applies one event. The documents the event brings are fetched (claim
   * check) only here, after the table accepted it: never for an event that is repeated, held or rejected.
   */
  async apply(uow: UnitOfWork, input: DossierEvent, internal: boolean): Promise<Outcome> {
    const { dossier: loaded, department } = await this.require(uow, input.dossierCode, internal);
    const decision = decide({ stage: loaded.stage, returnMethod: loaded.returnMethod, approval: department.approval }, input.event);
    const trace = {
      dossierCode: loaded.dossierCode,
      messageId: uow.cause?.messageId ?? 'timer',
      messageType: uow.cause?.type ?? input.event.kind,
    };
    if (decision.kind === 'repeat') {
      await this.dossiers.record(uow.tx, { ...trace, fromStage: loaded.stage, toStage: null, note: `repeat: ${decision.note}` });
      return { kind: 'repeat', note: decision.note };
    }
    if (decision.kind === 'hold') return { kind: 'held', note: decision.reason };
    if (decision.kind === 'reject')
      return { kind: 'rejected', field: 'dossierCode', problem: `the dossier is at ${loaded.stage}: ${decision.problem}` };
    const mismatch = factMismatch(loaded, input);
    if (mismatch) return { kind: 'rejected', ...mismatch };
    const { facts } = await this.claims.keepDocuments(input);

    // The event's facts are written with its first transition, in the same statement.
    let dossier: DossierRecord = facts ? { ...loaded, facts: { ...loaded.facts, ...facts } } : loaded;
    let pendingFacts = facts ? dossier.facts : undefined;
    if (pendingFacts && decision.to.length === 0) dossier = await this.dossiers.addFacts(uow.tx, loaded, facts!);
    const actor = input.actor ?? { fullName: 'Hệ thống liên thông' };
    for (const next of decision.to) {
      const from = dossier.stage;
      const moved =
        next === Stage.CLOSED
          ? await this.dossiers.close(uow.tx, dossier.dossierCode, from, decision.closedReason!, pendingFacts)
          : await this.dossiers.transition(uow.tx, dossier.dossierCode, from, next, pendingFacts);
      if (!moved) throw new Error(`dossier ${dossier.dossierCode} changed under us (expected ${from})`); // rolled back and retried
      pendingFacts = undefined;
      dossier = {
        ...dossier,
        stage: next,
        previousStage: from,
        closedReason: next === Stage.CLOSED ? decision.closedReason! : dossier.closedReason,
      };
      await this.dossiers.record(uow.tx, { ...trace, fromStage: from, toStage: next });
      await uow.publish(
        'dossier.status-changed',
        statusChanged(
          dossier,
          next,
          from,
          { actor: actor.fullName, ...(actor.position ? { position: actor.position } : {}), department: department.name },
          dossier.closedReason ?? undefined,
        ),
        dossier.dossierCode,
      );
      dossier = await this.effects.onEnter(uow, dossier, department);
    }
    this.logger.debug?.(`${dossier.dossierCode}: ${loaded.stage} → ${decision.to.join(' → ')}`);
    return { kind: 'advanced', to: decision.to };
  }
}

/**
 * Facts a message states that must agree with what the bus already knows: the Center can only issue the
 * decision under the number the department's clerk assigned.
 */
function factMismatch(dossier: DossierRecord, input: DossierEvent): { field: string; problem: string } | undefined {
  const issued = input.facts?.documentNumber;
  const assigned = dossier.facts.numberedDecision?.documentNumber;
  if (input.event.kind === 'issued' && issued && assigned && issued !== assigned) {
    return {
      field: 'documentNumber',
      problem: `"${issued}" is not the number the department's clerk assigned to this dossier's decision ("${assigned}")`,
    };
  }
  return undefined;
}
