import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import axios from 'axios';
import type { DmsAttachment } from '@lienthong/contracts';
import { ContractViolation, TransientFailure } from '@lienthong/messaging';
import type { EdxmlFile } from '../edxml/edxml.model';

/**
 * Fetches the files a `dms.send-requested` names, by URL, with a timeout, and checks each against its
 * declared size and SHA-256: what the bus sends is exactly what the orchestrator meant.
 */
export class AttachmentFetcher {
  private readonly logger = new Logger('AttachmentFetcher');

  constructor(
    private readonly timeoutMs: number,
    private readonly maxBytes: number,
  ) {}

  /** Fetches every attachment, in order; field names in errors are `attachments.<n>.file.<field>`. */
  async fetchAll(attachments: readonly DmsAttachment[]): Promise<EdxmlFile[]> {
    const files: EdxmlFile[] = [];
    for (const [i, a] of attachments.entries()) files.push(await this.fetchOne(a, `attachments.${i}.file`));
    return files;
  }

  private async fetchOne(a: DmsAttachment, field: string): Promise<EdxmlFile> {
    const { url, sha256, sizeBytes, contentType } = a.file;
    const violation = (name: string, problem: string): ContractViolation => new ContractViolation([{ field: `${field}.${name}`, problem }]);
    if (sizeBytes > this.maxBytes) throw violation('sizeBytes', `is ${sizeBytes} bytes; a package may hold at most ${this.maxBytes} (IOFFICE_MAX_EDXML_BYTES)`);
    let response;
    try {
      response = await axios.get<ArrayBuffer>(url, {
        responseType: 'arraybuffer',
        timeout: this.timeoutMs,
        maxContentLength: sizeBytes,
        maxRedirects: 3,
        validateStatus: () => true,
      });
    } catch (error) {
      const message = (error as Error).message;
      if (/maxContentLength/i.test(message)) throw violation('sizeBytes', `is ${sizeBytes}, but ${url} serves a larger file`);
      throw new TransientFailure('ATTACHMENT.UNAVAILABLE', `cannot fetch ${url} (${message}); retried later`, { cause: error });
    }
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      throw new TransientFailure('ATTACHMENT.UNAVAILABLE', `fetching ${url} answered HTTP ${response.status}; retried later`);
    }
    if (response.status !== 200) throw violation('url', `could not be fetched: HTTP ${response.status}`);
    const content = Buffer.from(response.data);
    if (content.length !== sizeBytes) throw violation('sizeBytes', `is ${sizeBytes}, but the file at the url has ${content.length} bytes`);
    const actual = createHash('sha256').update(content).digest('hex');
    if (actual !== sha256.toLowerCase()) throw violation('sha256', `does not match the file at the url (its sha256 is ${actual})`);
    this.logger.debug(`fetched ${url} (${content.length} bytes, sha256 ok)`);
    return { name: a.name, contentType, content };
  }
}
