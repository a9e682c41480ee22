import 'reflect-metadata';
import { IsIn, IsString, Matches } from 'class-validator';
import { IsDossierCode } from '../common/dossier-code';
import { AGENCY_CODE, IDENTIFIER } from '../common/text-rules';
import { IsOffsetDateTime } from '../rules/date-time.rule';

/**
 * Bus-internal commands the orchestrator sends itself (not part of contract v1). A fact (an inbound message)
 * commits the dossier's or batch's new state and its announcements; what it sets in motion toward another system
 * is requested with one of these and done as a step of its own, with its own retries and dead letter, so that
 * its failure never rolls back or dead-letters the fact. Their routing keys start with `orchestrator.`, which no
 * one-stop binding (`dossier.#`, `decision.#`, `archive.#`) matches.
 */
export const DOSSIER_STEPS = ['send-for-signing', 'send-for-numbering', 'send-to-archive', 'order-delivery'] as const;
export type DossierStep = (typeof DOSSIER_STEPS)[number];

/** `orchestrator.dossier-step-requested`: build and send one command for a dossier (a DMS package, the result's postal order). */
export class OrchestratorDossierStepRequestedMessage {
  @IsDossierCode()
  dossierCode!: string;

  /** `send-for-signing`, `send-for-numbering`, `send-to-archive` (DMS packages), `order-delivery` (result by post). */
  @IsIn(DOSSIER_STEPS)
  step!: DossierStep;

  /** When the transition that called for it committed; fixes the date of a DMS package's DocumentId. */
  @IsOffsetDateTime()
  requestedAt!: string;
}

export const BATCH_STEPS = ['dispatch', 'resend'] as const;
export type BatchStep = (typeof BATCH_STEPS)[number];

/** What made a batch step due: the batch filled up, its department's cutoff, an operator, the post brought it back. */
export const BATCH_STEP_TRIGGERS = ['full', 'cutoff', 'operator', 'returned'] as const;
export type BatchStepTrigger = (typeof BATCH_STEP_TRIGGERS)[number];

/**
 * `orchestrator.batch-step-requested`: dispatch an archive-handover batch (manifest PDF and JSON, the `BCCI-LT`
 * postal order, the manifest package to the department's DMS), or send a returned batch again under a new order.
 */
export class OrchestratorBatchStepRequestedMessage {
  @IsString()
  @Matches(IDENTIFIER.pattern, { message: IDENTIFIER.problem })
  batchId!: string;

  @IsString()
  @Matches(AGENCY_CODE.pattern, { message: AGENCY_CODE.problem })
  agencyCode!: string;

  @IsIn(BATCH_STEPS)
  step!: BatchStep;

  @IsIn(BATCH_STEP_TRIGGERS)
  trigger!: BatchStepTrigger;

  /** The postal order to place: `LT-<batchId>`, or `LT-<batchId>-R<n>` for the n-th resend. */
  @IsString()
  @Matches(IDENTIFIER.pattern, { message: IDENTIFIER.problem })
  orderNumber!: string;

  @IsOffsetDateTime()
  requestedAt!: string;
}
