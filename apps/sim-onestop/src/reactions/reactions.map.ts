import type { ConsumedType, InboundMessage } from '../amqp/inbox.consumer';
import { onMessageRejected } from './message-rejected.reaction';
import { onHandoverUpdated, onShipmentUpdated, onSigningDeclined } from './observed.reaction';
import type { CenterContext, Reaction } from './reaction.context';
import { onReadyForIssue } from './ready-for-issue.reaction';
import { onStatusChanged } from './status-changed.reaction';

/** One reaction per consumed message type; the compiler insists every type has one. */
export const REACTIONS: { readonly [T in ConsumedType]: Reaction<T> } = {
  'dossier.status-changed': onStatusChanged,
  'decision.ready-for-issue': onReadyForIssue,
  'decision.signing-declined': onSigningDeclined,
  'postal.shipment-updated': onShipmentUpdated,
  'archive.handover-updated': onHandoverUpdated,
  'lienthong.message-rejected': onMessageRejected,
};

/** Runs the reaction of a message's type. */
export function react(message: InboundMessage, ctx: CenterContext): Promise<void> {
  return (REACTIONS[message.type] as Reaction<ConsumedType>)(message, ctx);
}
