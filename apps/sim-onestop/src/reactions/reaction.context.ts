import type { Departments } from '@lienthong/config';
import type { FieldProblem, MessageBody } from '@lienthong/contracts';
import type { ConsumedType, InboundMessage } from '../amqp/inbox.consumer';
import type { OnestopMessageType, PublishedMessage } from '../amqp/onestop.publisher';
import type { FileSink } from '../files/document.store';
import type { StaffDirectory } from '../generator/center.staff';
import type { Behaviour } from '../simulator.options';
import type { DossierTracker, TrackedDossier } from './dossier.tracker';

/** A `lienthong.message-rejected` as the simulator reports it. */
export interface RejectionReport {
  readonly rejectedMessageId?: string;
  readonly routingKey: string;
  readonly producer?: string;
  readonly reasons: FieldProblem[];
  readonly rejectedAt: string;
  /** The dossier of the rejected message, when the simulator published it. */
  readonly dossierCode?: string;
}

/** What a reaction may use: the Center's knowledge, its people and files, its clock, and the publisher. */
export interface CenterContext {
  readonly departments: Departments;
  readonly tracker: DossierTracker;
  readonly staff: StaffDirectory;
  readonly files: FileSink;
  behaviour(): Readonly<Behaviour>;
  now(): Date;
  /** Waits `ms`; rejects with `Cancelled` when the simulator closes meanwhile. */
  delay(ms: number): Promise<void>;
  /** Publishes as the one-stop system (validated, confirmed), recorded on the dossier, one log line. */
  publish<T extends OnestopMessageType>(
    type: T,
    body: MessageBody<T>,
    dossier: TrackedDossier | undefined,
    cause?: InboundMessage,
  ): Promise<PublishedMessage>;
  /** What the simulator published under a message id, if it still remembers. */
  findPublished(messageId: string): PublishedMessage | undefined;
  recordRejection(report: RejectionReport): void;
  log(line: string): void;
}

/** The Center's reaction to one message type of the bus. */
export type Reaction<T extends ConsumedType> = (message: InboundMessage<T>, ctx: CenterContext) => Promise<void>;
