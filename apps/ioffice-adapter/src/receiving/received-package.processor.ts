import { Injectable, Logger } from '@nestjs/common';
import { type FieldProblem, type MessageBody, correlationIdOf, normalizeNfc, validateMessage } from '@lienthong/contracts';
import type { Department } from '@lienthong/config';
import { BusPublisher, DeadLetterStore, OutboxRelay, PermanentFailure, describeError, vietnamTimestamp } from '@lienthong/messaging';
import { Database } from '@lienthong/persistence';
import { AdapterMetrics } from '../adapter.metrics';
import { BlobStore, VerdictSeal } from '@lienthong/runtime';
import { DmsPort, type DmsReceivedPackage } from '../dms/dms.port';
import { parseDocumentId } from '../edxml/document-id';
import { EdxmlError } from '../edxml/edxml.error';
import type { EdxmlPackage } from '../edxml/edxml.model';
import { parseEdxml } from '../edxml/edxml.parser';
import { SignatureVerifier } from '../edxml/signature.verifier';
import { parseEdxmlTime } from '../edxml/vietnam-time';
import { AdapterConfig } from '../ioffice-adapter.config';
import { OrganDirectory } from '../organ.directory';
import { type SentPackage, SentPackageRepository } from '../sending/sent-package.repository';
import { type PackageSubject, decisionReceived, responseForOf, resultAttachment, statusReceived } from './package.mapper';
import { type ReceivedPackage, ReceivedPackageRepository } from './received-package.repository';

/** What became of one listed package. */
export type ProcessOutcome = 'published' | 'dead-lettered' | 'acknowledged-again' | 'awaiting-confirm' | 'taken-by-another-instance';

/**
 * A package whose effect is committed (or known from before): what is left is telling iOffice, which may take
 * a while (the broker's confirm, then `UpdateStatus`) and may fail; it is done again at a later poll then.
 */
export interface TakenPackage {
  readonly acknowledged: Promise<ProcessOutcome>;
}

type Outgoing =
  | { readonly type: 'dms.status-received'; readonly body: MessageBody<'dms.status-received'> }
  | { readonly type: 'dms.decision-received'; readonly body: MessageBody<'dms.decision-received'> };

/** A package the bus cannot turn into a message: kept whole in the dead-letter store, acknowledged `fail`. */
class Unprocessable extends Error {
  constructor(
    readonly code: string,
    readonly reasons: readonly FieldProblem[],
  ) {
    super(reasons.map((r) => `${r.field}: ${r.problem}`).join('; '));
  }
}

/** Largest part of a refused package kept in the dead-letter store when the package is over the size limit. */
const KEPT_PREFIX_BYTES = 64 * 1024;

/**
 * One package from iOffice's received list: GetEdoc → parse → bind to the department it answers → map (status →
 * `dms.status-received`; numbered decision → verify against that department's signer, store the result →
 * `dms.decision-received`) → outbox row and processed-docId row in
 * one transaction → broker confirm → only then `UpdateStatus(done)`. A package that cannot be read goes to
 * the dead-letter store (same transaction as its processed-docId row) and is acknowledged `fail`.
 * Invariant: a docId has its effect at most once, however often iOffice lists it.
 *
 * `take` splits the work where order stops mattering: the effect (outbox row) is committed in the caller's order,
 * the acknowledgement afterwards runs on its own, so a caller can take the next package while the broker confirms
 * this one. `fetch` lets a caller ask GetEdoc ahead.
 */
@Injectable()
export class ReceivedPackageProcessor {
  private readonly logger = new Logger('ReceivedPackages');
  private readonly signerPatterns = new Map<string, RegExp>();
  /** Seals each verdict for the orchestrator (VERDICT_SEAL_KEY); read at start-up, so a missing key in production stops it. */
  private readonly verdictSeal = VerdictSeal.fromEnv();

  constructor(
    private readonly db: Database,
    private readonly dms: DmsPort,
    private readonly publisher: BusPublisher,
    private readonly relay: OutboxRelay,
    private readonly deadLetters: DeadLetterStore,
    private readonly received: ReceivedPackageRepository,
    private readonly sent: SentPackageRepository,
    private readonly organs: OrganDirectory,
    private readonly verifier: SignatureVerifier,
    private readonly blobs: BlobStore,
    private readonly config: AdapterConfig,
    private readonly metrics: AdapterMetrics,
  ) {}

  /** The whole of one package: its effect, then its acknowledgement. */
  async process(item: DmsReceivedPackage): Promise<ProcessOutcome> {
    return (await this.take(item)).acknowledged;
  }

  /** GetEdoc for a listed package (the package bytes). */
  fetch(item: DmsReceivedPackage): Promise<Buffer> {
    return this.dms.fetch(item.docId);
  }

  /**
   * Commits the effect of one package and starts its acknowledgement. `fetched` is the caller's GetEdoc of it, when
   * the caller asked ahead. Throws on a transient failure before the commit (nothing happened; retried at a later poll).
   */
  async take(item: DmsReceivedPackage, fetched?: Promise<Buffer>): Promise<TakenPackage> {
    const known = await this.received.find(this.db, item.docId);
    if (known) return { acknowledged: this.acknowledgeAgain(known) };
    let raw: Buffer;
    try {
      raw = await (fetched ?? this.fetch(item));
    } catch (error) {
      if (error instanceof EdxmlError) return this.reject(item, Buffer.alloc(0), error.code, error.reasons);
      if (error instanceof PermanentFailure)
        return this.reject(item, Buffer.alloc(0), error.code, [{ field: 'GetEdoc', problem: error.message }]);
      throw error;
    }
    let outgoing: Outgoing;
    try {
      outgoing = await this.map(
        item,
        parseEdxml(raw, { maxBytes: this.config.maxEdxmlBytes, maxAttachmentBytes: this.config.maxDocumentBytes }),
      );
    } catch (error) {
      if (error instanceof EdxmlError) return this.reject(item, raw, error.code, error.reasons);
      if (error instanceof Unprocessable) return this.reject(item, raw, error.code, error.reasons);
      throw error;
    }
    return this.publish(item, outgoing);
  }

  private async map(item: DmsReceivedPackage, pkg: EdxmlPackage): Promise<Outgoing> {
    const { subject, department, sentAt } = await this.bind(item, pkg);
    let outgoing: Outgoing;
    if (item.messageType === 'status') {
      outgoing = { type: 'dms.status-received', body: statusReceived(pkg, item.docId, subject, item.receivedAt) };
    } else {
      // The signer expected is the one of the department the package was sent to, never one named by the package.
      const verdict = await this.verifier.verify(pkg, { signer: this.expectedSigner(department), sentAt, receivedAt: item.receivedAt });
      const result = resultAttachment(pkg);
      const blob = this.blobs.put(result.content, result.contentType, result.name);
      const file = {
        url: `${this.config.publicBaseUrl}/blobs/${blob.sha256}`,
        sha256: blob.sha256,
        sizeBytes: blob.sizeBytes,
        contentType: result.contentType,
      };
      outgoing = { type: 'dms.decision-received', body: this.verdictSeal.seal(decisionReceived(pkg, item.docId, subject, verdict, file)) };
      if (!verdict.verified) {
        this.metrics.unverified.inc();
        this.logger.error(
          `numbered decision ${item.docId} for ${subject.documentId} did NOT verify: ${verdict.reason}; announced with signature.verified=false`,
        );
      }
    }
    // The outbox refuses what breaks the contract; say so here, with the fields, and keep the package.
    const problems = validateMessage(outgoing.type, normalizeNfc(outgoing.body));
    if (problems.length > 0)
      throw new Unprocessable(
        'IOFFICE.UNMAPPABLE_PACKAGE',
        problems.map((p) => ({ field: `${outgoing.type}.${p.field}`, problem: p.problem })),
      );
    return outgoing;
  }

  /** The signer the department's table entry asks for (`signerSubject`), compiled once. */
  private expectedSigner(department: Department): { pattern: RegExp; department: string } | undefined {
    if (!department.signerSubject) return undefined;
    let pattern = this.signerPatterns.get(department.signerSubject);
    if (!pattern) this.signerPatterns.set(department.signerSubject, (pattern = new RegExp(department.signerSubject, 'u')));
    return { pattern, department: department.name };
  }

  /**
   * Binds an answer to the department it answers. Three organs must be one: the organ the bus sent the package
   * named by `ResponseFor/DocumentId` to, the sender iOffice lists (`fromOrganId`, which iOffice authenticates),
   * and the edXML `From` (written by the sender). Otherwise a department could answer, decline (`02`) or register
   * (`03`) another department's dossier, or sign its decision with its own valid certificate.
   */
  private async bind(
    item: DmsReceivedPackage,
    pkg: EdxmlPackage,
  ): Promise<{ subject: PackageSubject; department: Department; sentAt: Date }> {
    const documentId = responseForOf(pkg);
    const sent = (await this.sent.find(this.db, documentId)) ?? (await this.sentAccordingToIoffice(documentId));
    const from = pkg.header.from.organId;
    if (from !== item.fromOrganId || sent.toOrganId !== item.fromOrganId) {
      throw new Unprocessable('IOFFICE.WRONG_SENDER', [
        {
          field: 'edXMLHeader/MessageHeader/From/OrganId',
          problem:
            `answers ${documentId}, which the bus sent to ${sent.toOrganId}, but iOffice lists the package as sent by ${item.fromOrganId} ` +
            `and its edXML From is ${from}: a department may answer only the packages sent to it (all three organs must be the same)`,
        },
      ]);
    }
    const department = this.organs.byAgency(sent.agencyCode) ?? this.organs.byOrgan(sent.toOrganId);
    if (!department || department.organId !== sent.toOrganId) {
      throw new Unprocessable('IOFFICE.UNKNOWN_DEPARTMENT', [
        {
          field: 'edXMLHeader/MessageHeader/From/OrganId',
          problem: `${sent.toOrganId} (agencyCode ${sent.agencyCode}) is not a configured department with that organ id (DEPARTMENTS_FILE)`,
        },
      ]);
    }
    const subject = {
      agencyCode: sent.agencyCode,
      purpose: sent.purpose,
      dossierCode: sent.dossierCode,
      batchId: sent.batchId,
      documentId,
    };
    return { subject, department, sentAt: new Date(sent.sentAt) };
  }

  /**
   * A `ResponseFor/DocumentId` missing from the sent-packages table (the table restored from a backup, or lost):
   * iOffice's own list of what the Center sent says which department the package went to, so the binding holds
   * without trusting anything the answer says. Recorded, so that the next answer finds it in the table.
   */
  private async sentAccordingToIoffice(documentId: string): Promise<SentPackage> {
    const unknown = (problem: string): Unprocessable =>
      new Unprocessable('IOFFICE.UNKNOWN_REFERENCE', [
        { field: 'edXMLHeader/MessageHeader/ResponseFor/DocumentId', problem: `"${documentId}" ${problem}` },
      ]);
    const center = this.organs.center.organId;
    const parts = parseDocumentId(documentId);
    const day = parts && parseEdxmlTime(parts.date);
    if (!parts || !day || parts.fromOrganId !== center) throw unknown('is not a package this bus sent');
    // The DocumentId's date is the day the command was issued; the package went to iOffice that day or later.
    const since = new Date(day.getTime() - this.config.sentListSlackMs);
    const listed = (await this.dms.sentSince(center, since)).find((p) => p.documentId === documentId);
    if (!listed)
      throw unknown(`is neither in the sent-packages table nor in iOffice's list of what ${center} sent since ${since.toISOString()}`);
    const department = this.organs.byOrgan(listed.toOrganId);
    if (!department) throw unknown(`was sent to ${listed.toOrganId}, which is not a configured department (DEPARTMENTS_FILE)`);
    const reference = parts.purpose === 'handover-manifest' ? { batchId: parts.reference } : { dossierCode: parts.reference };
    const sent: SentPackage = {
      documentId,
      docId: listed.docId,
      agencyCode: department.agencyCode,
      toOrganId: listed.toOrganId,
      purpose: parts.purpose,
      ...reference,
      sentAt: vietnamTimestamp(listed.sentAt),
    };
    await this.sent.record(this.db, sent);
    this.logger.warn(
      `${documentId} was not in the sent-packages table; iOffice lists it as sent to ${listed.toOrganId} (${department.name}) as ${listed.docId}: recorded`,
    );
    return sent;
  }

  private async publish(item: DmsReceivedPackage, outgoing: Outgoing): Promise<TakenPackage> {
    const messageId = await this.db.transaction(async (tx) => {
      const claimed = await this.received.claim(tx, {
        docId: item.docId,
        fromOrganId: item.fromOrganId,
        messageType: item.messageType,
        outcome: 'published',
        publishedType: outgoing.type,
      });
      if (!claimed) return undefined;
      const id =
        outgoing.type === 'dms.status-received'
          ? await this.publisher.publishIn(tx, outgoing.type, outgoing.body, {
              correlationId: correlationIdOf(outgoing.type, outgoing.body),
            })
          : await this.publisher.publishIn(tx, outgoing.type, outgoing.body, {
              correlationId: correlationIdOf(outgoing.type, outgoing.body),
            });
      await this.received.setMessageId(tx, item.docId, id);
      return id;
    });
    if (!messageId) return { acknowledged: Promise.resolve('taken-by-another-instance') };
    const what =
      outgoing.type === 'dms.status-received' ? `status ${outgoing.body.statusCode}` : `decision ${outgoing.body.decision.documentNumber}`;
    this.logger.log(
      `received ${item.docId} from ${item.fromOrganId}: ${what} for ${outgoing.body.documentId} → ${outgoing.type} ${messageId}`,
    );
    this.metrics.received.inc({ outcome: outgoing.type === 'dms.status-received' ? 'status' : 'decision' });
    return { acknowledged: this.acknowledgePublished(item.docId, messageId) };
  }

  /** UpdateStatus(done) strictly after the broker confirmed the message. */
  private async acknowledgePublished(docId: string, messageId: string): Promise<ProcessOutcome> {
    if (!(await this.confirmed(messageId))) {
      this.logger.warn(
        `${docId}: message ${messageId} not confirmed by the broker within ${this.config.confirmTimeoutMs} ms; left unacknowledged in iOffice until a later poll`,
      );
      return 'awaiting-confirm';
    }
    await this.dms.acknowledge(docId, 'done');
    await this.received.markAcknowledged(this.db, docId);
    return 'published';
  }

  private async reject(item: DmsReceivedPackage, raw: Buffer, code: string, reasons: readonly FieldProblem[]): Promise<TakenPackage> {
    const note = `${code}: ${reasons.map((r) => `${r.field}: ${r.problem}`).join('; ')}`.slice(0, 2000);
    const truncated = raw.length > this.config.maxEdxmlBytes || (code === 'EDXML.DOCUMENT_TOO_LARGE' && raw.length > KEPT_PREFIX_BYTES);
    const fresh = await this.db.transaction(async (tx) => {
      if (
        !(await this.received.claim(tx, {
          docId: item.docId,
          fromOrganId: item.fromOrganId,
          messageType: item.messageType,
          outcome: 'dead-lettered',
          note,
        }))
      )
        return false;
      await this.deadLetters.recordExternal(tx, {
        source: `ioffice:${this.organs.center.organId}`,
        id: `ioffice:${item.docId}`,
        kind: `ioffice.${item.messageType}`,
        content: truncated ? raw.subarray(0, KEPT_PREFIX_BYTES) : raw,
        properties: {
          docId: item.docId,
          fromOrganId: item.fromOrganId,
          messageType: item.messageType,
          receivedAt: item.receivedAt.toISOString(),
          bytes: raw.length,
          ...(truncated ? { truncatedTo: KEPT_PREFIX_BYTES } : {}),
        },
        errorCode: code,
        reasons,
      });
      return true;
    });
    if (!fresh) return { acknowledged: Promise.resolve('taken-by-another-instance') };
    this.metrics.received.inc({ outcome: 'dead-lettered' });
    this.logger.error(
      `refused ${item.docId} from ${item.fromOrganId} (${raw.length} bytes): ${note}; kept in the dead-letter store, acknowledging fail`,
    );
    const acknowledged = (async (): Promise<ProcessOutcome> => {
      await this.dms.acknowledge(item.docId, 'fail', note);
      await this.received.markAcknowledged(this.db, item.docId);
      return 'dead-lettered';
    })();
    return { acknowledged };
  }

  /** A docId seen before (iOffice delivered it again, or our acknowledgement was lost): acknowledge, do nothing else. */
  private async acknowledgeAgain(known: ReceivedPackage): Promise<ProcessOutcome> {
    this.metrics.received.inc({ outcome: 'duplicate' });
    this.logger.warn(
      `${known.docId} was already processed (${known.outcome}${known.messageId ? ` as ${known.messageId}` : ''}); acknowledging it again, without a second effect`,
    );
    if (known.outcome === 'dead-lettered') {
      await this.dms.acknowledge(known.docId, 'fail', known.note);
      await this.received.markAcknowledged(this.db, known.docId);
      return 'acknowledged-again';
    }
    if (!known.messageId) return 'awaiting-confirm'; // cannot happen: the id is written in the claiming transaction
    const outcome = await this.acknowledgePublished(known.docId, known.messageId);
    return outcome === 'published' ? 'acknowledged-again' : outcome;
  }

  /** Resolves true once the outbox row of `messageId` is confirmed by the broker, false after the deadline. */
  private async confirmed(messageId: string): Promise<boolean> {
    // Wait first, then look: a confirm between the look and the wait would otherwise be missed.
    const waiting = this.relay.confirmed(messageId).then(() => true);
    // The messaging library's outbox table: `sent_at` is set only after the broker's confirm.
    const [row] = await this.db.query<{ sent_at: unknown }>('SELECT sent_at FROM outbox WHERE message_id = $1', [messageId]);
    if (row && row.sent_at !== null && row.sent_at !== undefined) return true;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.config.confirmTimeoutMs)));
    try {
      return await Promise.race([waiting, deadline]);
    } catch (error) {
      this.logger.warn(`waiting for the confirm of ${messageId} failed: ${describeError(error)}`);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
