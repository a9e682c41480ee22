import { CallStats, CircuitBreaker } from '@lienthong/runtime';
import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { describeError, vietnamTimestamp } from '@lienthong/messaging';
import {
  type DmsHealth,
  type DmsOutgoingPackage,
  DmsPort,
  type DmsReceipt,
  type DmsReceivedPackage,
  type DmsSentPackage,
} from '../dms/dms.port';
import { EdxmlError } from '../edxml/edxml.error';
import { LiftedText, liftBase64 } from '../edxml/base64.lifter';
import { parseSoapDateTime } from '../edxml/vietnam-time';
import type { AdapterConfig } from '../ioffice-adapter.config';
import { type EdocArgs, EdocSoapClient, fieldsOf } from './edoc.soap-client';
import {
  IofficeUnavailable,
  type IofficeOperation,
  countsAgainstIoffice,
  iofficeErrorOf,
  iofficeVerdict,
  outcomeUnknown,
} from './ioffice.errors';
import { withRetry } from './retry';
import type { XmlElement } from '@lienthong/runtime/xml/xml.reader';

/** Counters per operation and outcome, for metrics. */
export type CallCounts = Map<`${IofficeOperation}:${'ok' | 'failed' | 'retried'}`, number>;

/** The `item`s of a list answer, each as its fields' text; an empty list may come as no `item` at all. */
export function itemsOf(response: XmlElement): Record<string, string>[] {
  return response.children.filter((c) => c.name === 'item').map(fieldsOf);
}

function when(value: string | undefined, what: string): Date {
  const at = parseSoapDateTime(value);
  if (!at) throw new IofficeUnavailable('IOFFICE.BAD_RESPONSE', `iOffice answered ${what} "${value ?? ''}", not an xsd:dateTime`, false);
  return at;
}

/**
 * `DmsPort` over VNPT-iOffice's SOAP 1.1 service: a client written for the contract's five operations
 * (`EdocSoapClient`), always pointed at `IOFFICE_URL` (a WSDL's own address often names an internal host), with the
 * WSDL at `<IOFFICE_URL>?wsdl` checked against the contract before the first call. Every call has a timeout, goes
 * through the circuit breaker, and is retried with backoff while the fault is transient; SendEdoc only when iOffice
 * certainly did not process it (BUSY, HTTP 503, not reachable), because it is not idempotent.
 */
export class IOfficeSoapAdapter extends DmsPort implements OnModuleDestroy {
  private readonly logger = new Logger('IOfficeSoapAdapter');
  private readonly client: EdocSoapClient;
  private wsdlChecked: Promise<void> | undefined;
  readonly breaker: CircuitBreaker;
  /** Outcomes of calls over the last minutes: last success, error rate (readiness details, dashboard). */
  readonly stats = new CallStats();
  readonly calls: CallCounts = new Map();

  constructor(private readonly config: AdapterConfig) {
    super();
    // base64 grows a package by 4/3; allow 1 MiB for the SOAP envelope around it.
    const maxResponseBytes = Math.ceil((config.maxEdxmlBytes * 4) / 3) + 1024 * 1024;
    this.client = new EdocSoapClient({
      url: config.iofficeUrl,
      systemId: config.systemId,
      secret: config.secret,
      timeoutMs: config.timeoutMs,
      maxResponseBytes,
    });
    this.breaker = new CircuitBreaker('iOffice', {
      ...config.breaker,
      openCode: 'IOFFICE.CIRCUIT_OPEN',
      onChange: (from, to, reason) => {
        const line = `circuit ${from} → ${to}: ${reason}`;
        if (to === 'open') this.logger.error(line);
        else this.logger.log(line);
      },
    });
  }

  async send(pkg: DmsOutgoingPackage): Promise<DmsReceipt> {
    const result = fieldsOf(
      await this.call('SendEdoc', [
        ['fromOrganId', pkg.fromOrganId],
        ['toOrganId', pkg.toOrganId],
        ['messageType', pkg.messageType],
        ['edxml', { base64Of: pkg.edxml }],
      ]),
    );
    const docId = result.docId?.trim();
    if (!docId)
      throw new IofficeUnavailable(
        'IOFFICE.BAD_RESPONSE',
        `SendEdoc of ${pkg.documentId} answered without a docId; it may have been accepted`,
        true,
      );
    return { docId, receivedAt: parseSoapDateTime(result.receivedAt) ?? new Date() };
  }

  async sentSince(fromOrganId: string, since: Date): Promise<DmsSentPackage[]> {
    const result = await this.call('GetSentEdocList', [
      ['fromOrganId', fromOrganId],
      ['since', vietnamTimestamp(since)],
    ]);
    return itemsOf(result).map((i) => ({
      docId: i.docId ?? '',
      documentId: i.documentId ?? '',
      toOrganId: i.toOrganId ?? '',
      sentAt: when(i.sentAt, 'sentAt'),
    }));
  }

  async receivedList(organId: string, maxItems: number): Promise<DmsReceivedPackage[]> {
    const result = await this.call('GetReceivedEdocList', [
      ['organId', organId],
      ['maxItems', maxItems],
    ]);
    return itemsOf(result).map((i) => ({
      docId: i.docId ?? '',
      fromOrganId: i.fromOrganId ?? '',
      messageType: i.messageType?.trim() === 'status' ? 'status' : 'edoc',
      receivedAt: when(i.receivedAt, 'receivedAt'),
    }));
  }

  async fetch(docId: string): Promise<Buffer> {
    // The package's base64 is lifted out of the answer before it is read (edxml/base64.lifter.ts) and decoded once,
    // from the answer's bytes: never a string of the whole. The answer itself is bounded (the client's
    // maxResponseBytes), so decoding is bounded too; the parser refuses a package over IOFFICE_MAX_EDXML_BYTES and
    // the refusal keeps its beginning.
    let lifted = LiftedText.none();
    const readBody = (body: Buffer): string => {
      const answer = liftBase64(body, 'edxml', 1024);
      lifted = answer.lifted;
      return answer.skeleton.toString('utf8');
    };
    const result = fieldsOf(await this.call('GetEdoc', [['docId', docId]], readBody));
    const bytes = lifted.decodeBase64Text(result.edxml ?? '');
    if (!bytes || bytes.length === 0) throw new EdxmlError('EDXML.MALFORMED', 'GetEdocResponse/edxml', 'is empty or not valid base64');
    return bytes;
  }

  async acknowledge(docId: string, status: 'done' | 'fail', note?: string): Promise<void> {
    await this.call('UpdateStatus', [
      ['docId', docId],
      ['status', status],
      ['note', note ? note.slice(0, 2000) : undefined],
    ]);
  }

  health(): DmsHealth {
    const { state, consecutiveFailures, lastFailure, retryInMs } = this.breaker.snapshot();
    return {
      available: state !== 'open',
      details: {
        endpoint: this.config.iofficeUrl,
        circuit: state,
        consecutiveFailures,
        ...(lastFailure ? { lastFailure } : {}),
        ...(retryInMs === undefined ? {} : { retryInMs }),
        ...this.stats.snapshot(),
      },
    };
  }

  /** Closes the kept-alive connections to iOffice. */
  onModuleDestroy(): void {
    this.client.close();
  }

  /** One operation: breaker, timeout, retries with backoff for transient faults. */
  private call(operation: IofficeOperation, args: EdocArgs, readBody?: (body: Buffer) => string): Promise<XmlElement> {
    const idempotent = operation !== 'SendEdoc';
    return withRetry(
      async () => {
        const started = Date.now();
        try {
          const result = await this.breaker.run(operation, () => this.invoke(operation, args, readBody), iofficeVerdict);
          this.count(operation, 'ok');
          this.stats.record(true, Date.now(), Date.now() - started);
          return result;
        } catch (error) {
          this.count(operation, 'failed');
          if (countsAgainstIoffice(error)) this.stats.record(false, Date.now(), Date.now() - started);
          throw error;
        }
      },
      {
        ...this.config.retry,
        // An open circuit is not retried here: the caller hears at once and tries again later.
        retryable: (error) => countsAgainstIoffice(error) && (idempotent || !outcomeUnknown(error)),
        onRetry: (error, attempt, delayMs) => {
          this.count(operation, 'retried');
          this.logger.warn(`${operation} attempt ${attempt} failed, retrying in ${delayMs} ms: ${describeError(error)}`);
        },
      },
    );
  }

  private async invoke(operation: IofficeOperation, args: EdocArgs, readBody?: (body: Buffer) => string): Promise<XmlElement> {
    await this.contractChecked();
    try {
      return await this.client.call(operation, args, readBody);
    } catch (error) {
      throw iofficeErrorOf(error, operation, this.config.timeoutMs);
    }
  }

  /**
   * The WSDL at `<IOFFICE_URL>?wsdl` describes this contract (namespace, five operations, their soapActions): checked
   * once, before the first call; a failed download is forgotten so that the next call tries again.
   */
  private contractChecked(): Promise<void> {
    this.wsdlChecked ??= (async () => {
      const url = this.config.iofficeUrl;
      let missing: string[];
      try {
        missing = await this.client.checkWsdl();
      } catch (error) {
        throw new IofficeUnavailable(
          'IOFFICE.UNREACHABLE',
          `cannot load the WSDL from ${url}?wsdl (${describeError(iofficeErrorOf(error, 'GetEdoc', this.config.timeoutMs))}); check IOFFICE_URL`,
          false,
          { cause: error },
        );
      }
      if (missing.length > 0)
        throw new IofficeUnavailable(
          'IOFFICE.WSDL_MISMATCH',
          `the WSDL at ${url}?wsdl is not the edoc contract: it lacks ${missing.join(', ')}; check IOFFICE_URL`,
          false,
        );
      this.logger.log(`SOAP client ready for ${url} (WSDL ${url}?wsdl checked)`);
    })();
    const pending = this.wsdlChecked;
    pending.catch(() => {
      if (this.wsdlChecked === pending) this.wsdlChecked = undefined;
    });
    return pending;
  }

  private count(operation: IofficeOperation, outcome: 'ok' | 'failed' | 'retried'): void {
    const key = `${operation}:${outcome}` as const;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
  }
}
