import { OrganDirectory } from '../config/department.directory';
import { EdxmlError } from '../edxml/edxml.error';
import { decodeBase64, parseEdxml, ParsedEdxml, requireHeaderFor } from '../edxml/edxml.parser';
import { parseSoapDateTime, soapDateTime } from '../edxml/vietnam-time';
import { IofficeFaults } from '../faults/fault.config';
import { SeededRandom } from '../faults/seeded-random';
import { AckStatus, EdocStore, MessageType, StoredEdoc } from '../store/edoc.store';
import { DepartmentWorkflow } from '../workflow/department.workflow';
import { readDossierRequest } from '../workflow/dossier-request';
import { Scheduler } from '../workflow/scheduler';
import { EdocFault } from './edoc.fault';

/** What the operations need from the simulator. */
export interface OperationsDeps {
  directory: OrganDirectory;
  store: () => EdocStore;
  workflow: DepartmentWorkflow;
  scheduler: Scheduler;
  faults: () => Readonly<IofficeFaults>;
  random: () => SeededRandom;
  maxEdxmlBytes: number;
  now: () => Date;
}

/** Raw SOAP arguments by local name: a simple element's text; anything else (repeated, with attributes or children) is not a string. */
type Args = Record<string, unknown> | undefined;

const DEFAULT_MAX_ITEMS = 100;
const MAX_ITEMS_LIMIT = 1000;

function field(args: Args, name: string): string | undefined {
  const value = args?.[name];
  return typeof value === 'string' ? value.trim() : undefined;
}

function required(args: Args, name: string): string {
  const value = field(args, name);
  if (!value) throw new EdocFault('INVALID_REQUEST', `${name} is required`);
  return value;
}

/**
 * The five operations of the contract over the in-memory store. Each takes the raw arguments and returns
 * the response object, or throws EdocFault.
 */
export class EdocOperations {
  constructor(private readonly deps: OperationsDeps) {}

  async SendEdoc(args: Args): Promise<{ docId: string; receivedAt: string }> {
    const fromOrganId = this.knownOrgan(required(args, 'fromOrganId'), 'fromOrganId');
    const toOrganId = this.knownOrgan(required(args, 'toOrganId'), 'toOrganId');
    if (fromOrganId === toOrganId) throw new EdocFault('UNKNOWN_ORGAN', `toOrganId ${toOrganId} is the sender itself`);
    const messageType = required(args, 'messageType');
    if (messageType !== 'edoc' && messageType !== 'status')
      throw new EdocFault('INVALID_REQUEST', `messageType must be edoc or status (got "${messageType}")`);
    const { parsed, bytes } = this.parsePackage(required(args, 'edxml'), messageType, fromOrganId, toOrganId);
    const department = this.deps.directory.departments.find((d) => d.organId === toOrganId);
    const fromCenter = fromOrganId === this.deps.directory.center.organId;
    const request = department && fromCenter && messageType === 'edoc' ? this.invalidAsFault(() => readDossierRequest(parsed)) : undefined;

    const doc = this.deps.store().add({
      fromOrganId,
      toOrganId,
      messageType,
      edxml: bytes,
      meta: {
        documentId: parsed.documentId ?? parsed.responseForDocumentId ?? '',
        responseForDocumentId: parsed.responseForDocumentId,
        statusCode: parsed.statusCode,
        code: parsed.code,
      },
      at: this.deps.now(),
    });
    if (department && request) void this.deps.workflow.start(department, request, parsed);
    const response = { docId: doc.docId, receivedAt: soapDateTime(doc.at) };
    const faults = this.deps.faults();
    if (this.deps.random().chance(faults.acceptThenTimeoutProbability)) {
      // Stored above; the caller only learns of it through GetSentEdocList, or after its timeout.
      await this.deps.scheduler.delay(faults.hangMs);
    }
    return response;
  }

  GetSentEdocList(args: Args): { item: { docId: string; documentId: string; toOrganId: string; sentAt: string }[] } {
    const fromOrganId = this.knownOrgan(required(args, 'fromOrganId'), 'fromOrganId');
    const sinceText = required(args, 'since');
    const since = parseSoapDateTime(sinceText);
    if (!since) throw new EdocFault('INVALID_REQUEST', `since is not an xsd:dateTime (got "${sinceText}")`);
    const item = this.deps
      .store()
      .sentBy(fromOrganId, since)
      .map((d) => ({ docId: d.docId, documentId: d.documentId, toOrganId: d.toOrganId, sentAt: soapDateTime(d.at) }));
    return { item };
  }

  GetReceivedEdocList(args: Args): { item: { docId: string; fromOrganId: string; messageType: MessageType; receivedAt: string }[] } {
    const organId = this.knownOrgan(required(args, 'organId'), 'organId');
    const maxText = field(args, 'maxItems');
    const maxItems = maxText === undefined || maxText === '' ? DEFAULT_MAX_ITEMS : Number(maxText);
    if (!Number.isInteger(maxItems) || maxItems < 1)
      throw new EdocFault('INVALID_REQUEST', `maxItems must be a positive integer (got "${maxText}")`);
    const item = this.deps
      .store()
      .pendingFor(organId, Math.min(maxItems, MAX_ITEMS_LIMIT))
      .map((d) => ({ docId: d.docId, fromOrganId: d.fromOrganId, messageType: d.messageType, receivedAt: soapDateTime(d.at) }));
    return { item };
  }

  GetEdoc(args: Args): { edxml: string } {
    return { edxml: this.document(required(args, 'docId')).edxml.toString('base64') };
  }

  UpdateStatus(args: Args): { ok: boolean } {
    const doc = this.document(required(args, 'docId'));
    const status = required(args, 'status');
    if (status !== 'done' && status !== 'fail') throw new EdocFault('INVALID_REQUEST', `status must be done or fail (got "${status}")`);
    const firstAck = doc.ack === undefined;
    this.deps.store().acknowledge(doc.docId, status as AckStatus, field(args, 'note'), this.deps.now());
    if (firstAck && doc.redeliveries === 0 && this.deps.random().chance(this.deps.faults().duplicateDeliveryProbability)) {
      this.deps.store().redeliver(doc.docId);
    }
    return { ok: true };
  }

  private parsePackage(
    base64: string,
    messageType: MessageType,
    fromOrganId: string,
    toOrganId: string,
  ): { parsed: ParsedEdxml; bytes: Buffer } {
    // Bound the size before decoding: base64 carries 3 bytes per 4 characters.
    if (Math.floor((base64.length * 3) / 4) > this.deps.maxEdxmlBytes + 3) {
      throw new EdocFault('INVALID_EDXML', `edxml: package larger than the ${this.deps.maxEdxmlBytes}-byte limit`);
    }
    const bytes = decodeBase64(base64);
    if (!bytes) throw new EdocFault('INVALID_EDXML', 'edxml: not valid base64');
    const parsed = this.invalidAsFault(() => parseEdxml(bytes, this.deps.maxEdxmlBytes));
    this.invalidAsFault(() => requireHeaderFor(parsed, messageType));
    if (parsed.from?.organId !== fromOrganId) {
      throw new EdocFault(
        'INVALID_EDXML',
        `edXMLHeader/MessageHeader/From/OrganId: is ${parsed.from?.organId}, but fromOrganId is ${fromOrganId}`,
      );
    }
    if (messageType === 'edoc' && !parsed.to.some((t) => t.organId === toOrganId)) {
      throw new EdocFault('INVALID_EDXML', `edXMLHeader/MessageHeader/To/OrganId: does not name toOrganId ${toOrganId}`);
    }
    return { parsed, bytes };
  }

  private invalidAsFault<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof EdxmlError) throw new EdocFault('INVALID_EDXML', error.message);
      throw error;
    }
  }

  private knownOrgan(organId: string, name: string): string {
    const { center, departments } = this.deps.directory;
    if (organId !== center.organId && !departments.some((d) => d.organId === organId)) {
      throw new EdocFault('UNKNOWN_ORGAN', `${name} ${organId} is not an organ this iOffice serves`);
    }
    return organId;
  }

  private document(docId: string): StoredEdoc {
    const doc = this.deps.store().get(docId);
    if (!doc) throw new EdocFault('UNKNOWN_DOC', `no document with docId ${docId}`);
    return doc;
  }
}
