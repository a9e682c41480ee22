import { CallStats, CircuitBreaker } from '@lienthong/runtime';
import { Logger } from '@nestjs/common';
import * as soap from 'soap';
import { describeError, vietnamTimestamp } from '@lienthong/messaging';
import { type DmsHealth, type DmsOutgoingPackage, DmsPort, type DmsReceipt, type DmsReceivedPackage, type DmsSentPackage } from '../dms/dms.port';
import { EdxmlError } from '../edxml/edxml.error';
import { decodeBase64 } from '../edxml/edxml.parser';
import { parseSoapDateTime } from '../edxml/vietnam-time';
import type { AdapterConfig } from '../ioffice-adapter.config';
import { IofficeUnavailable, type IofficeOperation, countsAgainstIoffice, iofficeErrorOf, iofficeVerdict, outcomeUnknown } from './ioffice.errors';
import { withRetry } from './retry';

type SoapMethod = (args: Record<string, unknown>, options: Record<string, unknown>) => Promise<[unknown, ...unknown[]]>;

/** Counters per operation and outcome, for metrics. */
export type CallCounts = Map<`${IofficeOperation}:${'ok' | 'failed' | 'retried'}`, number>;

const str = (value: unknown): string => (typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : value === undefined || value === null ? '' : String(value));

/**
 * `soap` answers an empty list as `null` (or without `item`), and a one-element list may come as the
 * element itself: every list is read through this.
 */
export function itemsOf(result: unknown): Record<string, unknown>[] {
  const items = (result as { item?: unknown } | null | undefined)?.item;
  if (items === undefined || items === null) return [];
  return (Array.isArray(items) ? items : [items]).filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null);
}

function when(value: unknown, what: string): Date {
  const at = parseSoapDateTime(value);
  if (!at) throw new IofficeUnavailable('IOFFICE.BAD_RESPONSE', `iOffice answered ${what} "${str(value)}", not an xsd:dateTime`, false);
  return at;
}

/**
 * `DmsPort` over VNPT-iOffice's SOAP 1.1 service, the client built from the WSDL at `<IOFFICE_URL>?wsdl`
 * and always pointed at `IOFFICE_URL` (a WSDL's own address often names an internal host). Every call has a
 * timeout, goes through the circuit breaker, and is retried with backoff while the fault is transient;
 * SendEdoc only when iOffice certainly did not process it (BUSY, HTTP 503, not reachable), because it is
 * not idempotent.
 */
export class IOfficeSoapAdapter extends DmsPort {
  private readonly logger = new Logger('IOfficeSoapAdapter');
  private client: Promise<soap.Client> | undefined;
  readonly breaker: CircuitBreaker;
  /** Outcomes of calls over the last minutes: last success, error rate (readiness details, dashboard). */
  readonly stats = new CallStats();
  readonly calls: CallCounts = new Map();

  constructor(private readonly config: AdapterConfig) {
    super();
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
    const result = await this.call('SendEdoc', { fromOrganId: pkg.fromOrganId, toOrganId: pkg.toOrganId, messageType: pkg.messageType, edxml: pkg.edxml.toString('base64') });
    const docId = str((result as { docId?: unknown } | null)?.docId);
    if (!docId) throw new IofficeUnavailable('IOFFICE.BAD_RESPONSE', `SendEdoc of ${pkg.documentId} answered without a docId; it may have been accepted`, true);
    return { docId, receivedAt: parseSoapDateTime((result as { receivedAt?: unknown }).receivedAt) ?? new Date() };
  }

  async sentSince(fromOrganId: string, since: Date): Promise<DmsSentPackage[]> {
    const result = await this.call('GetSentEdocList', { fromOrganId, since: vietnamTimestamp(since) });
    return itemsOf(result).map((i) => ({ docId: str(i.docId), documentId: str(i.documentId), toOrganId: str(i.toOrganId), sentAt: when(i.sentAt, 'sentAt') }));
  }

  async receivedList(organId: string, maxItems: number): Promise<DmsReceivedPackage[]> {
    const result = await this.call('GetReceivedEdocList', { organId, maxItems });
    return itemsOf(result).map((i) => ({
      docId: str(i.docId),
      fromOrganId: str(i.fromOrganId),
      messageType: str(i.messageType) === 'status' ? 'status' : 'edoc',
      receivedAt: when(i.receivedAt, 'receivedAt'),
    }));
  }

  async fetch(docId: string): Promise<Buffer> {
    const result = await this.call('GetEdoc', { docId });
    // The response itself is bounded (maxContentLength in `invoke`), so decoding is bounded too; the
    // parser refuses a package over IOFFICE_MAX_EDXML_BYTES and the refusal keeps its beginning.
    const text = str((result as { edxml?: unknown } | null)?.edxml);
    const bytes = decodeBase64(text);
    if (!bytes || bytes.length === 0) throw new EdxmlError('EDXML.MALFORMED', 'GetEdocResponse/edxml', 'is empty or not valid base64');
    return bytes;
  }

  async acknowledge(docId: string, status: 'done' | 'fail', note?: string): Promise<void> {
    await this.call('UpdateStatus', { docId, status, ...(note ? { note: note.slice(0, 2000) } : {}) });
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

  /** One operation: breaker, timeout, retries with backoff for transient faults. */
  private call(operation: IofficeOperation, args: Record<string, unknown>): Promise<unknown> {
    const idempotent = operation !== 'SendEdoc';
    return withRetry(
      async () => {
        const started = Date.now();
        try {
          const result = await this.breaker.run(operation, () => this.invoke(operation, args), iofficeVerdict);
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

  private async invoke(operation: IofficeOperation, args: Record<string, unknown>): Promise<unknown> {
    const client = await this.soapClient();
    const method = (client as unknown as Record<string, SoapMethod | undefined>)[`${operation}Async`];
    if (!method) throw new IofficeUnavailable('IOFFICE.WSDL_MISMATCH', `the WSDL at ${this.config.iofficeUrl}?wsdl has no operation ${operation}`, false);
    // base64 grows a package by 4/3; allow 1 MiB for the SOAP envelope around it.
    const maxBytes = Math.ceil((this.config.maxEdxmlBytes * 4) / 3) + 1024 * 1024;
    try {
      const [result] = await method.call(client, args, { timeout: this.config.timeoutMs, maxContentLength: maxBytes, maxBodyLength: maxBytes });
      return result;
    } catch (error) {
      throw iofficeErrorOf(error, operation, this.config.timeoutMs);
    }
  }

  /** The client, built once from the WSDL; a failed download is forgotten so that the next call tries again. */
  private soapClient(): Promise<soap.Client> {
    this.client ??= (async () => {
      const url = this.config.iofficeUrl;
      try {
        const client = await soap.createClientAsync(`${url}?wsdl`, {
          endpoint: url,
          wsdl_options: { timeout: this.config.timeoutMs },
          disableCache: true,
          // Keep dateTimes as text: one without an offset means Vietnam time, which `soap` cannot know.
          customDeserializer: { dateTime: (text: string) => text },
        } as soap.IOptions);
        client.setSecurity(new soap.WSSecurity(this.config.systemId, this.config.secret, { passwordType: 'PasswordText', hasTimeStamp: false, hasNonce: false }));
        client.setEndpoint(url);
        this.logger.log(`SOAP client ready for ${url} (WSDL ${url}?wsdl)`);
        return client;
      } catch (error) {
        throw new IofficeUnavailable('IOFFICE.UNREACHABLE', `cannot load the WSDL from ${url}?wsdl (${describeError(error)}); check IOFFICE_URL`, false, { cause: error });
      }
    })();
    const pending = this.client;
    pending.catch(() => {
      if (this.client === pending) this.client = undefined;
    });
    return pending;
  }

  private count(operation: IofficeOperation, outcome: 'ok' | 'failed' | 'retried'): void {
    const key = `${operation}:${outcome}` as const;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
  }
}
