import { Injectable, Logger } from '@nestjs/common';
import { type MessageBody, correlationIdOf } from '@lienthong/contracts';
import {
  type BusContext,
  ContractViolation,
  OnMessage,
  TransientFailure,
  describeError,
  mayHaveRunBefore,
  vietnamTimestamp,
} from '@lienthong/messaging';
import type { Department } from '@lienthong/config';
import { DmsPort, type DmsReceipt } from '../dms/dms.port';
import { outcomeUnknown } from '../ioffice/ioffice.errors';
import { AdapterConfig } from '../ioffice-adapter.config';
import { AdapterMetrics } from '../adapter.metrics';
import { OrganDirectory } from '../organ.directory';
import { AttachmentFetcher } from './attachment.fetcher';
import { buildOutgoingPackage, documentIdOf } from './outgoing-package';
import { type SentPackage, SentPackageRepository } from './sent-package.repository';

type SendRequested = MessageBody<'dms.send-requested'>;

/** DocumentIds this process called SendEdoc for, remembered for a batch re-run of the same delivery (bounded). */
const ATTEMPTS_REMEMBERED = 10_000;

/**
 * `dms.send-requested`: send one package to a department's iOffice and announce `dms.package-sent`.
 *
 * Invariant: a DocumentId is handed to iOffice at most once, although this handler may run more than once
 * for one command (redelivery, batch re-run, replay) and SendEdoc is not idempotent. Before sending it
 * looks in its own table, then, when the command may have been handled before (redelivered, retried,
 * replayed, or already tried in this process), in iOffice's `GetSentEdocList`; a SendEdoc that timed out is
 * checked the same way and never blindly repeated. A first delivery skips the list: nothing can have sent it
 * yet, and the list (every package the Center sent in the last hour) is the most expensive call there is.
 */
@Injectable()
export class DmsSendRequestedHandler {
  private readonly logger = new Logger('DmsSendRequested');
  private readonly attempted = new Set<string>();

  constructor(
    private readonly dms: DmsPort,
    private readonly organs: OrganDirectory,
    private readonly fetcher: AttachmentFetcher,
    private readonly sent: SentPackageRepository,
    private readonly config: AdapterConfig,
    private readonly metrics: AdapterMetrics,
  ) {}

  @OnMessage('dms.send-requested')
  async handle(command: SendRequested, ctx: BusContext): Promise<void> {
    const department = this.organs.byAgency(command.agencyCode);
    if (!department) {
      throw new ContractViolation(
        [{ field: 'agencyCode', problem: `"${command.agencyCode}" is not a configured department (DEPARTMENTS_FILE)` }],
        'CONTRACT.UNKNOWN_DEPARTMENT',
      );
    }
    const center = this.organs.center;
    const documentId = documentIdOf(command, center);

    const recorded = await this.sent.find(ctx.tx, documentId);
    if (recorded) {
      this.logger.log(`${documentId} was already sent as docId ${recorded.docId}; not sending it again`);
      return this.announce(ctx, recorded);
    }
    const listed = mayHaveRunBefore(ctx.message) || this.attempted.has(documentId) ? await this.findSent(documentId, command) : undefined;
    if (listed) {
      this.logger.warn(`${documentId} is already in iOffice (docId ${listed.docId}, found with GetSentEdocList); not sending it again`);
      return this.record(ctx, command, department, documentId, listed);
    }

    const files = await this.fetcher.fetchAll(command.attachments);
    const pkg = buildOutgoingPackage(command, center, department, files, new Date());
    if (pkg.edxml.length > this.config.maxEdxmlBytes) {
      throw new ContractViolation([
        {
          field: 'attachments',
          problem: `make a package of ${pkg.edxml.length} bytes, more than IOFFICE_MAX_EDXML_BYTES (${this.config.maxEdxmlBytes})`,
        },
      ]);
    }
    this.rememberAttempt(documentId);
    let receipt: DmsReceipt;
    try {
      receipt = await this.dms.send({
        fromOrganId: center.organId,
        toOrganId: department.organId,
        messageType: 'edoc',
        documentId,
        edxml: pkg.edxml,
      });
    } catch (error) {
      if (!outcomeUnknown(error)) throw error;
      this.logger.warn(
        `SendEdoc of ${documentId} failed with an unknown outcome (${describeError(error)}); checking GetSentEdocList before anything else`,
      );
      const found = await this.findSent(documentId, command);
      if (!found) {
        throw new TransientFailure(
          'IOFFICE.SEND_UNCONFIRMED',
          `SendEdoc of ${documentId} got no answer and GetSentEdocList does not list it; it is checked again before any new attempt`,
          { cause: error },
        );
      }
      this.logger.warn(`SendEdoc of ${documentId} had in fact been accepted (docId ${found.docId})`);
      receipt = found;
    }
    this.metrics.sent.inc({ purpose: command.purpose });
    this.logger.log(
      `sent ${documentId} (${command.purpose}, ${files.length} file(s), ${pkg.edxml.length} bytes) to ${department.name} [${department.organId}] as docId ${receipt.docId}`,
    );
    return this.record(ctx, command, department, documentId, receipt);
  }

  private rememberAttempt(documentId: string): void {
    this.attempted.delete(documentId);
    this.attempted.add(documentId);
    if (this.attempted.size > ATTEMPTS_REMEMBERED) this.attempted.delete(this.attempted.values().next().value!);
  }

  /** iOffice's own record of a package with this DocumentId, sent since the command was made (with slack for clocks). */
  private async findSent(documentId: string, command: SendRequested): Promise<DmsReceipt | undefined> {
    const since = new Date(Date.parse(command.requestedAt) - this.config.sentListSlackMs);
    const match = (await this.dms.sentSince(this.organs.center.organId, since)).find((p) => p.documentId === documentId);
    return match && { docId: match.docId, receivedAt: match.sentAt };
  }

  private async record(
    ctx: BusContext,
    command: SendRequested,
    department: Department,
    documentId: string,
    receipt: DmsReceipt,
  ): Promise<void> {
    const sent: SentPackage = {
      documentId,
      docId: receipt.docId,
      agencyCode: command.agencyCode,
      toOrganId: department.organId,
      purpose: command.purpose,
      ...(command.dossierCode ? { dossierCode: command.dossierCode } : {}),
      ...(command.batchId ? { batchId: command.batchId } : {}),
      sentAt: vietnamTimestamp(receipt.receivedAt),
    };
    await this.sent.record(ctx.tx, sent);
    await this.announce(ctx, (await this.sent.find(ctx.tx, documentId)) ?? sent);
  }

  private async announce(ctx: BusContext, sent: SentPackage): Promise<void> {
    const body: MessageBody<'dms.package-sent'> = {
      agencyCode: sent.agencyCode,
      purpose: sent.purpose,
      ...(sent.dossierCode ? { dossierCode: sent.dossierCode } : {}),
      ...(sent.batchId ? { batchId: sent.batchId } : {}),
      documentId: sent.documentId,
      docId: sent.docId,
      sentAt: sent.sentAt,
    };
    await ctx.publish('dms.package-sent', body, { correlationId: correlationIdOf('dms.package-sent', body) });
  }
}
