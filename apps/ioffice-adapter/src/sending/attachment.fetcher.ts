import { Logger } from '@nestjs/common';
import type { DmsAttachment } from '@lienthong/contracts';
import { type ServiceAuth, fetchVerified } from '@lienthong/runtime';
import type { EdxmlFile } from '../edxml/edxml.model';

/**
 * Fetches the files a `dms.send-requested` names, by URL, with a timeout, and checks each against its
 * declared size and SHA-256: what the bus sends is exactly what the orchestrator meant.
 *
 * The files are the bus's own blobs (the orchestrator's claim-checked drafts and manifests, this adapter's signed
 * results), served only to bearers of the service token. The token goes to those origins alone (`busOrigins`:
 * ORCHESTRATOR_URL and this adapter's PUBLIC_BASE_URL), never to another host a message might name.
 */
export class AttachmentFetcher {
  private readonly logger = new Logger('AttachmentFetcher');
  private readonly busOrigins: ReadonlySet<string>;

  constructor(
    private readonly timeoutMs: number,
    private readonly maxBytes: number,
    private readonly auth?: ServiceAuth,
    busBaseUrls: readonly string[] = [],
  ) {
    this.busOrigins = new Set(busBaseUrls.map((url) => new URL(url).origin));
  }

  /** Fetches every attachment, in order; field names in errors are `attachments.<n>.file.<field>`. */
  async fetchAll(attachments: readonly DmsAttachment[]): Promise<EdxmlFile[]> {
    const files: EdxmlFile[] = [];
    for (const [i, a] of attachments.entries()) files.push(await this.fetchOne(a, `attachments.${i}.file`));
    return files;
  }

  private async fetchOne(a: DmsAttachment, field: string): Promise<EdxmlFile> {
    const content = await fetchVerified(a.file, field, {
      timeoutMs: this.timeoutMs,
      maxBytes: this.maxBytes,
      maxBytesName: 'MAX_DOCUMENT_BYTES',
      headersFor: (url) => (this.auth && this.busOrigins.has(url.origin) ? this.auth.headers() : {}),
    });
    this.logger.debug(`fetched ${a.file.url} (${content.length} bytes, sha256 ok)`);
    return { name: a.name, contentType: a.file.contentType, content };
  }
}
