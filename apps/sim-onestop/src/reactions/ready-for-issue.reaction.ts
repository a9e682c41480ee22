import { issuedBody } from '../generator/center.bodies';
import type { Reaction } from './reaction.context';

/**
 * `decision.ready-for-issue`: the Center prints the numbered decision, stamps it with the second seal and
 * releases it, as `issuer` (a department officer, or the Center's clerk where the department delegated to
 * the Post), under the number the bus obtained.
 */
export const onReadyForIssue: Reaction<'decision.ready-for-issue'> = async (message, ctx) => {
  const { body } = message;
  const number = body.decision.documentNumber;
  ctx.log(
    `← decision.ready-for-issue ${body.dossierCode} ${number} (issuer ${body.issuer}, signature ${body.decision.signature.verified ? 'verified' : 'NOT verified'})`,
  );
  const dossier = ctx.tracker.get(body.dossierCode) ?? ctx.tracker.adopt(body.dossierCode);
  if (!dossier) {
    ctx.log(`   ${body.dossierCode}: its code names no configured department; not released`);
    return;
  }
  if (dossier.issuedNumber === number) {
    ctx.log(`   ${body.dossierCode}: ${number} already released; not released twice`);
    return;
  }
  dossier.documentNumber = number;
  ctx.tracker.touch(dossier);
  await ctx.delay(ctx.behaviour().stepMs);
  if (dossier.finished) {
    ctx.log(`   ${body.dossierCode}: ${dossier.finished} meanwhile; not released`);
    return;
  }
  dossier.issuedNumber = number;
  const issued = issuedBody({ dossierCode: dossier.dossierCode, department: dossier.department }, body.issuer, number, {
    rng: dossier.rng,
    staff: ctx.staff,
    now: ctx.now(),
  });
  try {
    await ctx.publish('onestop.decision.issued', issued, dossier, message);
  } catch (error) {
    // Not released after all (e.g. the broker went away before the confirm): the redelivery releases it.
    if (dossier.issuedNumber === number) dossier.issuedNumber = undefined;
    throw error;
  }
};
