import type { Reaction } from './reaction.context';

/** `decision.signing-declined`: recorded; the bus decides what happens to the dossier next. */
export const onSigningDeclined: Reaction<'decision.signing-declined'> = (message, ctx) => {
  const { body } = message;
  ctx.log(`← decision.signing-declined ${body.dossierCode} (${body.statusCode}): ${body.reason}`);
  return Promise.resolve();
};

/** `postal.shipment-updated`: the result's parcel (or an archive batch) moved; recorded on the dossier. */
export const onShipmentUpdated: Reaction<'postal.shipment-updated'> = (message, ctx) => {
  const { body } = message;
  ctx.log(
    `← postal.shipment-updated ${body.dossierCode ?? body.batchId ?? '?'} ${body.purpose} ${body.trackingCode} ${body.statusCode} ${body.status}`,
  );
  const dossier = body.dossierCode === undefined ? undefined : ctx.tracker.get(body.dossierCode);
  if (dossier) {
    dossier.lastShipment = `${body.statusCode} ${body.status}`;
    ctx.tracker.touch(dossier);
  }
  return Promise.resolve();
};

/** `archive.handover-updated`: a batch of resolved dossiers travels to the department's clerk; logged. */
export const onHandoverUpdated: Reaction<'archive.handover-updated'> = (message, ctx) => {
  const { body } = message;
  ctx.log(`← archive.handover-updated batch ${body.batchId} ${body.agencyCode} ${body.state} (${body.dossierCodes.length} dossiers)`);
  return Promise.resolve();
};
