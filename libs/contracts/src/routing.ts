import { AppId, EXCHANGE, INTERNAL_EXCHANGE } from './envelope';
import {
  ArchiveHandoverUpdatedMessage,
  DecisionApprovedAtCenterMessage,
  DecisionIssuedMessage,
  DecisionReadyForIssueMessage,
  DecisionSigningDeclinedMessage,
  DossierAppraisedMessage,
  DossierReceivedMessage,
  DossierResultReturnedMessage,
  DossierStatusChangedMessage,
  DossierWithdrawnMessage,
  MessageRejectedMessage,
  PostalShipmentUpdatedMessage,
} from './messages';
import {
  DECISION_VERDICT_FIELDS,
  DmsDecisionReceivedMessage,
  DmsPackageSentMessage,
  DmsSendRequestedMessage,
  DmsStatusReceivedMessage,
  OrchestratorBatchStepRequestedMessage,
  OrchestratorDossierStepRequestedMessage,
  PostalOrderCreatedMessage,
  PostalOrderRequestedMessage,
  PostalTrackingReceivedMessage,
} from './internal';

/** Every message type of contract v1. The type is also the AMQP `type` property and the routing key. */
export type MessageType =
  | 'onestop.dossier.received'
  | 'onestop.dossier.appraised'
  | 'onestop.decision.approved-at-center'
  | 'onestop.decision.issued'
  | 'onestop.dossier.result-returned'
  | 'onestop.dossier.withdrawn'
  | 'dossier.status-changed'
  | 'decision.ready-for-issue'
  | 'decision.signing-declined'
  | 'postal.shipment-updated'
  | 'archive.handover-updated'
  | 'lienthong.message-rejected'
  | InternalMessageType;

/** Bus-internal messages (orchestrator ⇄ adapters): same envelope, but on `INTERNAL_EXCHANGE` and not part of contract v1. */
export type InternalMessageType =
  | 'dms.send-requested'
  | 'dms.package-sent'
  | 'dms.status-received'
  | 'dms.decision-received'
  | 'postal.order-requested'
  | 'postal.order-created'
  | 'postal.tracking-received'
  | 'orchestrator.dossier-step-requested'
  | 'orchestrator.batch-step-requested';

/**
 * Body class of each message type. Indexed by `MessageType` in `MessageBody`, so a type added to the union
 * without a class here does not compile; `MESSAGES` then needs its entry too.
 */
interface MessageBodies {
  'onestop.dossier.received': DossierReceivedMessage;
  'onestop.dossier.appraised': DossierAppraisedMessage;
  'onestop.decision.approved-at-center': DecisionApprovedAtCenterMessage;
  'onestop.decision.issued': DecisionIssuedMessage;
  'onestop.dossier.result-returned': DossierResultReturnedMessage;
  'onestop.dossier.withdrawn': DossierWithdrawnMessage;
  'dossier.status-changed': DossierStatusChangedMessage;
  'decision.ready-for-issue': DecisionReadyForIssueMessage;
  'decision.signing-declined': DecisionSigningDeclinedMessage;
  'postal.shipment-updated': PostalShipmentUpdatedMessage;
  'archive.handover-updated': ArchiveHandoverUpdatedMessage;
  'lienthong.message-rejected': MessageRejectedMessage;
  'dms.send-requested': DmsSendRequestedMessage;
  'dms.package-sent': DmsPackageSentMessage;
  'dms.status-received': DmsStatusReceivedMessage;
  'dms.decision-received': DmsDecisionReceivedMessage;
  'postal.order-requested': PostalOrderRequestedMessage;
  'postal.order-created': PostalOrderCreatedMessage;
  'postal.tracking-received': PostalTrackingReceivedMessage;
  'orchestrator.dossier-step-requested': OrchestratorDossierStepRequestedMessage;
  'orchestrator.batch-step-requested': OrchestratorBatchStepRequestedMessage;
}

/** The body type of a message type, e.g. `MessageBody<'onestop.dossier.received'>` is `DossierReceivedMessage`. */
export type MessageBody<T extends MessageType> = MessageBodies[T];

/** Everything known about one message type. */
export interface MessageDefinition<T extends MessageType> {
  /** The message type, equal to its routing key. */
  readonly type: T;
  /** The body class (decorated with its validation rules). */
  readonly messageClass: new () => MessageBody<T>;
  /** The only system allowed to publish it (`app_id`). */
  readonly producer: AppId;
  /** One sentence on what happened. */
  readonly summary: string;
  /**
   * Body fields whose value is the AMQP `correlation_id`, first present wins (`dossierCode` for
   * dossier-scoped messages); empty when the producer sets it otherwise (see `correlationIdOf`).
   */
  readonly correlationFields: ReadonlyArray<keyof MessageBody<T> & string>;
  /** True for bus-internal messages: published on `INTERNAL_EXCHANGE`, not part of contract v1, left out of the AsyncAPI document. */
  readonly internal?: boolean;
  /**
   * Body fields (dotted paths) that a verification by the producer fixed and a seal covers: an operator's edited
   * replay of a dead letter may not change them.
   */
  readonly verifiedFields?: readonly string[];
}

/** The routing map of contract v1: one entry per message type, checked exhaustive by the compiler. */
export const MESSAGES: { readonly [T in MessageType]: MessageDefinition<T> } = {
  'onestop.dossier.received': {
    type: 'onestop.dossier.received',
    messageClass: DossierReceivedMessage,
    producer: 'onestop',
    summary: 'A dossier was received and digitized at the Center (also re-sent after a supplement).',
    correlationFields: ['dossierCode'],
  },
  'onestop.dossier.appraised': {
    type: 'onestop.dossier.appraised',
    messageClass: DossierAppraisedMessage,
    producer: 'onestop',
    summary: 'The appraisal of a dossier finished: approve (with a draft decision), supplement or reject.',
    correlationFields: ['dossierCode'],
  },
  'onestop.decision.approved-at-center': {
    type: 'onestop.decision.approved-at-center',
    messageClass: DecisionApprovedAtCenterMessage,
    producer: 'onestop',
    summary: "The leader approved and signed on paper at the Center; the bus obtains the number from the department's clerk.",
    correlationFields: ['dossierCode'],
  },
  'onestop.decision.issued': {
    type: 'onestop.decision.issued',
    messageClass: DecisionIssuedMessage,
    producer: 'onestop',
    summary: 'The Center printed, stamped with the second seal and released the result.',
    correlationFields: ['dossierCode'],
  },
  'onestop.dossier.result-returned': {
    type: 'onestop.dossier.result-returned',
    messageClass: DossierResultReturnedMessage,
    producer: 'onestop',
    summary: 'The result was handed over at the Center counter.',
    correlationFields: ['dossierCode'],
  },
  'onestop.dossier.withdrawn': {
    type: 'onestop.dossier.withdrawn',
    messageClass: DossierWithdrawnMessage,
    producer: 'onestop',
    summary: 'The applicant withdrew the dossier.',
    correlationFields: ['dossierCode'],
  },
  'dossier.status-changed': {
    type: 'dossier.status-changed',
    messageClass: DossierStatusChangedMessage,
    producer: 'lienthong',
    summary: 'A dossier moved to a new lifecycle stage; per dossier these are published in lifecycle order.',
    correlationFields: ['dossierCode'],
  },
  'decision.ready-for-issue': {
    type: 'decision.ready-for-issue',
    messageClass: DecisionReadyForIssueMessage,
    producer: 'lienthong',
    summary: 'A numbered (and, online, digitally signed) decision is ready to be printed, stamped and released at the Center.',
    correlationFields: ['dossierCode'],
  },
  'decision.signing-declined': {
    type: 'decision.signing-declined',
    messageClass: DecisionSigningDeclinedMessage,
    producer: 'lienthong',
    summary: 'The leader declined to sign, or the clerk refused the document, in the DMS.',
    correlationFields: ['dossierCode'],
  },
  'postal.shipment-updated': {
    type: 'postal.shipment-updated',
    messageClass: PostalShipmentUpdatedMessage,
    producer: 'lienthong',
    summary: 'A postal shipment (result delivery or archive handover) changed status.',
    correlationFields: ['dossierCode', 'batchId'],
  },
  'archive.handover-updated': {
    type: 'archive.handover-updated',
    messageClass: ArchiveHandoverUpdatedMessage,
    producer: 'lienthong',
    summary: 'An archive-handover batch was dispatched, delivered, or acknowledged by the department clerk.',
    correlationFields: ['batchId'],
  },
  'lienthong.message-rejected': {
    type: 'lienthong.message-rejected',
    messageClass: MessageRejectedMessage,
    producer: 'lienthong',
    summary: 'The bus could not accept a message; it is kept whole in the dead-letter store.',
    correlationFields: [],
  },
  'dms.send-requested': {
    type: 'dms.send-requested',
    messageClass: DmsSendRequestedMessage,
    producer: 'lienthong',
    summary: "Command: send one package (sign, number, archive, handover-manifest) to a department's DMS.",
    correlationFields: ['dossierCode', 'batchId'],
    internal: true,
  },
  'dms.package-sent': {
    type: 'dms.package-sent',
    messageClass: DmsPackageSentMessage,
    producer: 'lienthong',
    summary: "A department's DMS accepted a package from the bus.",
    correlationFields: ['dossierCode', 'batchId'],
    internal: true,
  },
  'dms.status-received': {
    type: 'dms.status-received',
    messageClass: DmsStatusReceivedMessage,
    producer: 'lienthong',
    summary: "A DMS status package (arrived, refused, registered, …) came back for one of the bus's packages.",
    correlationFields: ['dossierCode', 'batchId'],
    internal: true,
  },
  'dms.decision-received': {
    type: 'dms.decision-received',
    messageClass: DmsDecisionReceivedMessage,
    producer: 'lienthong',
    summary: 'A numbered (and signed) decision came back from a DMS, with the result of its signature verification, sealed by the adapter.',
    correlationFields: ['dossierCode'],
    internal: true,
    verifiedFields: [...DECISION_VERDICT_FIELDS, 'verdictSeal'],
  },
  'postal.order-requested': {
    type: 'postal.order-requested',
    messageClass: PostalOrderRequestedMessage,
    producer: 'lienthong',
    summary: 'Command: create a postal order (result delivery or archive handover).',
    correlationFields: ['dossierCode', 'batchId'],
    internal: true,
  },
  'postal.order-created': {
    type: 'postal.order-created',
    messageClass: PostalOrderCreatedMessage,
    producer: 'lienthong',
    summary: 'The postal operator accepted an order (or already had it).',
    correlationFields: ['dossierCode', 'batchId'],
    internal: true,
  },
  'postal.tracking-received': {
    type: 'postal.tracking-received',
    messageClass: PostalTrackingReceivedMessage,
    producer: 'lienthong',
    summary: 'A tracking event for a postal order arrived (webhook or poll).',
    correlationFields: ['dossierCode', 'batchId'],
    internal: true,
  },
  'orchestrator.dossier-step-requested': {
    type: 'orchestrator.dossier-step-requested',
    messageClass: OrchestratorDossierStepRequestedMessage,
    producer: 'lienthong',
    summary:
      "Command to the orchestrator itself: build and send one of a dossier's commands (a DMS package, the result's postal order) as a step of its own.",
    correlationFields: ['dossierCode'],
    internal: true,
  },
  'orchestrator.batch-step-requested': {
    type: 'orchestrator.batch-step-requested',
    messageClass: OrchestratorBatchStepRequestedMessage,
    producer: 'lienthong',
    summary: 'Command to the orchestrator itself: dispatch an archive-handover batch, or send a returned one again, as a step of its own.',
    correlationFields: ['batchId'],
    internal: true,
  },
};

/** Every message type, in the order of `MESSAGES`. */
export const MESSAGE_TYPES = Object.keys(MESSAGES) as readonly MessageType[];

/** The message types of contract v1 with the one-stop system (without the bus-internal ones). */
export const CONTRACT_MESSAGE_TYPES: readonly MessageType[] = MESSAGE_TYPES.filter((type) => !MESSAGES[type].internal);

/**
 * The exchange a message type is published to: `EXCHANGE` (`lienthong.events`) for contract v1,
 * `INTERNAL_EXCHANGE` (`lienthong.internal`) for the bus-internal messages. The routing key is the type on both.
 */
export function exchangeOf(type: MessageType): typeof EXCHANGE | typeof INTERNAL_EXCHANGE {
  return MESSAGES[type].internal ? INTERNAL_EXCHANGE : EXCHANGE;
}

/** Whether a string (e.g. an AMQP `type` or routing key) is a message type of this contract. */
export function isMessageType(value: unknown): value is MessageType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(MESSAGES, value);
}

/**
 * The AMQP `correlation_id` a message of this type carries: the first present correlation field of its
 * body (the dossier code for dossier-scoped messages, the batch id for archive batches). `undefined` for
 * `lienthong.message-rejected`, which carries the rejected message's own `correlation_id` instead.
 */
export function correlationIdOf<T extends MessageType>(type: T, body: MessageBody<T>): string | undefined {
  for (const field of MESSAGES[type].correlationFields) {
    const value: unknown = body[field];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** The message types a system publishes. */
export function messageTypesProducedBy(producer: AppId): readonly MessageType[] {
  return MESSAGE_TYPES.filter((type) => MESSAGES[type].producer === producer);
}
