import { AppraisalOutcome, Stage } from '@lienthong/contracts';
import type { InboundMessage } from '../amqp/inbox.consumer';
import {
  appraisedBody,
  approvedAtCenterBody,
  DossierFacts,
  resubmittedBody,
  resultReturnedBody,
  withdrawnBody,
} from '../generator/center.bodies';
import type { TrackedDossier } from './dossier.tracker';
import type { CenterContext, Reaction } from './reaction.context';

type StatusMessage = InboundMessage<'dossier.status-changed'>;
type StageReaction = (dossier: TrackedDossier, message: StatusMessage, ctx: CenterContext) => Promise<void>;

/**
 * `dossier.status-changed`: the Center moves the dossier on where the process needs its staff (appraise,
 * bring the supplement, approve on paper, hand the result over); every other stage is only recorded.
 */
export const onStatusChanged: Reaction<'dossier.status-changed'> = async (message, ctx) => {
  const { body } = message;
  ctx.log(`← dossier.status-changed ${body.dossierCode} ${body.previousStage ?? '∅'} → ${body.stage} (portal ${body.portalStatus})`);
  const dossier = ctx.tracker.get(body.dossierCode) ?? ctx.tracker.adopt(body.dossierCode);
  if (!dossier) {
    ctx.log(`   ${body.dossierCode}: its code names no configured department; not acted on`);
    return;
  }
  if (!ctx.tracker.observeStage(dossier, body.stage, body.occurredAt)) {
    ctx.log(`   ${body.dossierCode}: transition to ${body.stage} at ${body.occurredAt} seen before; not acted on again`);
    return;
  }
  try {
    await STAGE_REACTIONS[body.stage]?.(dossier, message, ctx);
  } catch (error) {
    // Not done (e.g. the broker went away before the reaction was published): a redelivery must act on it.
    ctx.tracker.forgetStage(dossier, body.stage, body.occurredAt);
    throw error;
  }
};

/** Appraisal (thẩm định) in the department's mode; the applicant may withdraw first. */
const appraise: StageReaction = async (dossier, message, ctx) => {
  await ctx.delay(ctx.behaviour().appraisalMs);
  if (!stillAt(dossier, Stage.RECEIVED, ctx)) return;
  const outcome = decideAppraisal(dossier, ctx);
  if (outcome === 'withdraw') {
    await ctx.publish(
      'onestop.dossier.withdrawn',
      withdrawnBody(dossier.dossierCode, { rng: dossier.rng, now: ctx.now() }),
      dossier,
      message,
    );
    return;
  }
  const body = appraisedBody(facts(dossier), outcome, { rng: dossier.rng, staff: ctx.staff, files: ctx.files, now: ctx.now() });
  if (body.draftDecision) dossier.draft = { documentType: body.draftDecision.documentType, title: body.draftDecision.title };
  await ctx.publish('onestop.dossier.appraised', body, dossier, message);
};

/** The applicant comes back with the supplement: the dossier is received again, one document more. */
const bringSupplement: StageReaction = async (dossier, message, ctx) => {
  await ctx.delay(ctx.behaviour().supplementDelayMs);
  if (!stillAt(dossier, Stage.SUPPLEMENT_REQUESTED, ctx)) return;
  if (dossier.rng.chance(ctx.behaviour().withdrawP)) {
    await ctx.publish(
      'onestop.dossier.withdrawn',
      withdrawnBody(dossier.dossierCode, { rng: dossier.rng, now: ctx.now() }),
      dossier,
      message,
    );
    return;
  }
  if (!dossier.received) {
    ctx.log(`   ${dossier.dossierCode}: adopted from the bus, its documents are unknown here; cannot re-send it after the supplement`);
    return;
  }
  const body = resubmittedBody(dossier.received, dossier.procedure, { files: ctx.files, now: ctx.now() });
  dossier.supplements++;
  await ctx.publish('onestop.dossier.received', body, dossier, message);
};

/** Approval on paper at the Center, for departments whose leaders approve there; online approval is the bus's job. */
const approveOnPaper: StageReaction = async (dossier, message, ctx) => {
  if (dossier.department.approval !== 'at-center') return;
  await ctx.delay(ctx.behaviour().stepMs);
  if (!stillAt(dossier, Stage.AWAITING_APPROVAL, ctx)) return;
  const body = approvedAtCenterBody(facts(dossier), dossier.draft, {
    rng: dossier.rng,
    staff: ctx.staff,
    files: ctx.files,
    now: ctx.now(),
  });
  await ctx.publish('onestop.decision.approved-at-center', body, dossier, message);
};

/**
 * The result handed over at the counter: after release when it is returned at the Center, or after a
 * failed postal delivery (the parcel came back to the Center).
 */
const handOver: StageReaction = async (dossier, message, ctx) => {
  const stage = message.body.stage;
  if (stage === Stage.ISSUED) {
    const method = dossier.received?.returnMethod;
    if (method !== 'center') {
      if (method === undefined) ctx.log(`   ${dossier.dossierCode}: adopted, return method unknown; not handed over at the counter`);
      return; // by post: the bus orders the delivery
    }
  }
  await ctx.delay(ctx.behaviour().stepMs);
  if (!stillAt(dossier, stage, ctx)) return;
  await ctx.publish(
    'onestop.dossier.result-returned',
    resultReturnedBody(dossier.dossierCode, { rng: dossier.rng, now: ctx.now() }),
    dossier,
    message,
  );
};

const STAGE_REACTIONS: Partial<Record<Stage, StageReaction>> = {
  [Stage.RECEIVED]: appraise,
  [Stage.SUPPLEMENT_REQUESTED]: bringSupplement,
  [Stage.AWAITING_APPROVAL]: approveOnPaper,
  [Stage.ISSUED]: handOver,
  [Stage.DELIVERY_FAILED]: handOver,
};

/**
 * The first appraisal follows the dossier's planned outcome when it has one; otherwise (and after a
 * supplement) the probabilities decide. A dossier gets at most one supplement request.
 */
function decideAppraisal(dossier: TrackedDossier, ctx: CenterContext): AppraisalOutcome | 'withdraw' {
  const planned = dossier.plannedOutcome;
  dossier.plannedOutcome = undefined;
  if (planned !== undefined && !(planned === 'supplement' && dossier.supplements > 0)) return planned;
  const b = ctx.behaviour();
  if (dossier.supplements === 0 && dossier.rng.chance(b.withdrawP)) return 'withdraw';
  const draw = dossier.rng.next();
  if (draw < b.rejectP) return 'reject';
  if (dossier.supplements === 0 && draw < b.rejectP + b.supplementP) return 'supplement';
  return 'approve';
}

/** After a delay, whether the dossier is still where the reaction started (it may have been withdrawn meanwhile). */
function stillAt(dossier: TrackedDossier, stage: Stage, ctx: CenterContext): boolean {
  if (dossier.lastStage === stage) return true;
  ctx.log(`   ${dossier.dossierCode}: moved on to ${dossier.lastStage ?? '?'} before the Center acted on ${stage}; skipped`);
  return false;
}

function facts(dossier: TrackedDossier): DossierFacts {
  return { dossierCode: dossier.dossierCode, department: dossier.department, procedure: dossier.procedure, addressee: dossier.addressee };
}
