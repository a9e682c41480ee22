import type { Reaction } from './reaction.context';

/**
 * `lienthong.message-rejected`: the bus refused a message. Logged loudly and counted: for a simulator that
 * validates what it sends, a rejection is either a scripted bad message or a disagreement about the
 * contract worth looking at.
 */
export const onMessageRejected: Reaction<'lienthong.message-rejected'> = (message, ctx) => {
  const { body } = message;
  const published = body.rejectedMessageId === undefined ? undefined : ctx.findPublished(body.rejectedMessageId);
  const dossierCode = published?.correlationId;
  ctx.recordRejection({
    rejectedMessageId: body.rejectedMessageId,
    routingKey: body.routingKey,
    producer: body.producer,
    reasons: body.reasons.map((r) => ({ field: r.field, problem: r.problem })),
    rejectedAt: body.rejectedAt,
    dossierCode,
  });
  const dossier = dossierCode === undefined ? undefined : ctx.tracker.get(dossierCode);
  if (dossier) {
    dossier.rejections.push({ routingKey: body.routingKey, reasons: body.reasons.map((r) => ({ field: r.field, problem: r.problem })) });
    ctx.tracker.touch(dossier);
  }
  const reasons = body.reasons.map((r) => `${r.field}: ${r.problem}`).join('; ');
  ctx.log(
    `!!! REJECTED by the bus: ${body.routingKey} ${body.rejectedMessageId ?? '(no message_id)'}${dossierCode ? ` (${dossierCode})` : ''} from ${body.producer ?? '?'}: ${reasons}`,
  );
  return Promise.resolve();
};
