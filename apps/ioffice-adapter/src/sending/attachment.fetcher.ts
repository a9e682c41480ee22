import { Logger } from '@nestjs/common';
import type { DmsAttachment } from '@lienthong/contracts';
import { fetchVerified } from '@lienthong/runtime';
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
    const content = await fetchVerified(a.file, field, { timeoutMs: this.timeoutMs, maxBytes: this.maxBytes });
    this.logger.debug(`fetched ${a.file.url} (${content.length} bytes, sha256 ok)`);
    return { name: a.name, contentType: a.file.contentType, content };
  }
}
